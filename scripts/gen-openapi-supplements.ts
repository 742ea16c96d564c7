/**
 * Declarations that kubernetes-types 1.30 lacks but the Kubernetes 1.32 API has, for
 * scripts/gen-openapi.ts. Each entry is TypeScript declaration text for one module (keyed by its
 * path below kubernetes-types); interfaces named like existing ones are merged into them, as
 * TypeScript declaration merging would, and new interfaces become new definitions.
 *
 * Why each is here:
 * - `x-kubernetes-*` members of JSONSchemaProps: dropped by kubernetes-types because of the dashes;
 *   without them every CRD schema using them would look like it had unknown fields.
 * - ResourceRule.verbs/resources: missing from kubernetes-types although upstream requires `verbs`.
 * - The rest: fields and types added in Kubernetes 1.31 and 1.32 (field names and Go types from
 *   k8s.io/api and k8s.io/apimachinery v0.32.4). The descriptions are our own summaries.
 */
export const SUPPLEMENTS: Record<string, string> = {
  'meta/v1': `
export interface DeleteOptions {
    /** ignoreStoreReadErrorWithClusterBreakingPotential asks the server to delete an object whose stored data cannot be read or decoded, skipping the usual checks. Dangerous; for recovery only. */
    ignoreStoreReadErrorWithClusterBreakingPotential?: boolean;
}
/** FieldSelectorRequirement is one requirement of a field selector: a field key, an operator and values. */
export interface FieldSelectorRequirement {
    /** key is the field selector key the requirement applies to. */
    key: string;
    /** operator relates the key to the values: In, NotIn, Exists or DoesNotExist. */
    operator: string;
    /** values lists the values for In and NotIn; it is empty for Exists and DoesNotExist. */
    values?: Array<string>;
}`,

  'core/v1': `
export interface PodSpec {
    /** resources is the total amount of compute resources that the containers of the pod may use together. */
    resources?: ResourceRequirements;
}
export interface Volume {
    /** image mounts the content of an OCI image or artifact, read-only, as the volume. */
    image?: ImageVolumeSource;
}
/** ImageVolumeSource names an OCI image or artifact whose content is mounted as a volume. */
export interface ImageVolumeSource {
    /** reference is the image or artifact reference, written as for container images. */
    reference?: string;
    /** pullPolicy is Always, Never or IfNotPresent, with the same meaning as for container images. */
    pullPolicy?: string;
}
export interface PodSecurityContext {
    /** supplementalGroupsPolicy decides how the supplemental groups of the first container process are computed: Merge (the default) or Strict. */
    supplementalGroupsPolicy?: string;
    /** seLinuxChangePolicy decides how the SELinux label is applied to the pod's volumes: Recursive or MountOption. */
    seLinuxChangePolicy?: string;
}
export interface PodResourceClaim {
    /** resourceClaimName names an existing ResourceClaim in the pod's namespace. */
    resourceClaimName?: string;
    /** resourceClaimTemplateName names a ResourceClaimTemplate from which a ResourceClaim is made for this pod. */
    resourceClaimTemplateName?: string;
}
export interface ResourceClaim {
    /** request names one request of the claim; empty means the whole claim. */
    request?: string;
}
export interface ContainerStatus {
    /** user is the identity that the first process of the container runs as. */
    user?: ContainerUser;
    /** allocatedResourcesStatus reports the health of the resources allocated to the container. */
    allocatedResourcesStatus?: Array<ResourceStatus>;
}
/** ContainerUser is the identity a container process runs as. */
export interface ContainerUser {
    /** linux is the identity on Linux nodes. */
    linux?: LinuxContainerUser;
}
/** LinuxContainerUser is a Linux user and group identity. */
export interface LinuxContainerUser {
    /** gid is the primary group id. */
    gid: number;
    /** supplementalGroups are the supplemental group ids. */
    supplementalGroups?: Array<number>;
    /** uid is the user id. */
    uid: number;
}
/** ResourceStatus reports the health of the devices behind one resource name. */
export interface ResourceStatus {
    /** name is the resource name, as in the container's resources. */
    name: string;
    /** resources lists the health of each device, keyed by resourceID. */
    resources?: Array<ResourceHealth>;
}
/** ResourceHealth is the health of one device. */
export interface ResourceHealth {
    /** health is Healthy, Unhealthy or Unknown. */
    health?: string;
    /** resourceID identifies the device. */
    resourceID: string;
}
export interface NodeStatus {
    /** features lists optional features that the node implements. */
    features?: NodeFeatures;
}
/** NodeFeatures lists optional features that a node implements. */
export interface NodeFeatures {
    /** supplementalGroupsPolicy is true when the node honours the pod's supplementalGroupsPolicy. */
    supplementalGroupsPolicy?: boolean;
}
export interface NodeRuntimeHandlerFeatures {
    /** userNamespaces is true when the runtime handler supports user namespaces. */
    userNamespaces?: boolean;
}`,

  'coordination/v1': `
export interface LeaseSpec {
    /** preferredHolder is the identity that should hold the lease next, as a hint to the current holder. */
    preferredHolder?: string;
    /** strategy is how the holder is chosen when coordinated leader election is used. */
    strategy?: string;
}`,

  'authorization/v1': `
import { FieldSelectorRequirement, LabelSelectorRequirement } from "../meta/v1";
export interface ResourceRule {
    /** resources lists the resources the rule applies to; "*" means all. */
    resources?: Array<string>;
    /** verbs lists the allowed verbs; "*" means all. */
    verbs: Array<string>;
}
export interface ResourceAttributes {
    /** fieldSelector limits the access check to objects that match a field selector. */
    fieldSelector?: FieldSelectorAttributes;
    /** labelSelector limits the access check to objects that match a label selector. */
    labelSelector?: LabelSelectorAttributes;
}
/** FieldSelectorAttributes is a field selector, as raw text or as parsed requirements. */
export interface FieldSelectorAttributes {
    /** rawSelector is the selector as written in a query string. */
    rawSelector?: string;
    /** requirements is the parsed form of the selector. */
    requirements?: Array<FieldSelectorRequirement>;
}
/** LabelSelectorAttributes is a label selector, as raw text or as parsed requirements. */
export interface LabelSelectorAttributes {
    /** rawSelector is the selector as written in a query string. */
    rawSelector?: string;
    /** requirements is the parsed form of the selector. */
    requirements?: Array<LabelSelectorRequirement>;
}`,

  'apiextensions/v1': `
export interface JSONSchemaProps {
    /** x-kubernetes-embedded-resource marks an object as a Kubernetes resource: apiVersion, kind and metadata are allowed, and metadata is validated and pruned as ObjectMeta. */
    "x-kubernetes-embedded-resource"?: boolean;
    /** x-kubernetes-int-or-string marks a value that may be an integer or a string. */
    "x-kubernetes-int-or-string"?: boolean;
    /** x-kubernetes-list-map-keys names the key fields of a list whose x-kubernetes-list-type is map. */
    "x-kubernetes-list-map-keys"?: Array<string>;
    /** x-kubernetes-list-type is atomic, set or map; it decides how lists are merged and checked for duplicates. */
    "x-kubernetes-list-type"?: string;
    /** x-kubernetes-map-type is granular or atomic; it decides whether an object is merged field by field or replaced whole. */
    "x-kubernetes-map-type"?: string;
    /** x-kubernetes-preserve-unknown-fields keeps fields that the schema does not name instead of pruning them. */
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    /** x-kubernetes-validations holds CEL rules that values must satisfy. */
    "x-kubernetes-validations"?: Array<ValidationRule>;
}`,
}
