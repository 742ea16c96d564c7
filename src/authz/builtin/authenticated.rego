package authz

# Baseline grants of every logged-in user (GlobalRole authenticated), beyond its rules.
default allow = false

read_verbs := ["get", "list", "watch"]

# (a) Any verb on one's own User object and its subresources, in any group.
allow = true {
  input.Resource == "users"
  input.Name == input.User.Name
}

# (b) Reading one's own membership in a cluster, workspace or namespace.
allow = true {
  member_resources := ["clustermembers", "workspacemembers", "namespacemembers"]
  input.Resource == member_resources[_]
  input.Name == input.User.Name
  input.Verb == read_verbs[_]
}

# (c) Core-group discovery.
allow = true {
  core_paths := ["/api", "/api/v1"]
  input.Path == core_paths[_]
  input.Verb == "GET"
}

# (d) Reading the tenant API under /kapis; its handlers filter lists by membership.
allow = true {
  input.APIGroup == "tenant.kubesphere.io"
  input.KubernetesRequest == false
  input.Verb == read_verbs[_]
}

# (e) A shell in one's own kubectl pod.
allow = true {
  input.Resource == "pods"
  input.Subresource == "exec"
  exec_verbs := ["get", "create"]
  input.Verb == exec_verbs[_]
  input.Namespace == "kubesphere-system"
  startswith(input.Name, "ks-managed-kubectl-") == true
  trim_prefix(input.Name, "ks-managed-kubectl-") == input.User.Name
}
