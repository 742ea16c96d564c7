package authz

# Anything in every cluster, workspace and namespace.
default allow = false

allow = true {
  scopes := ["Cluster", "Workspace", "Namespace"]
  input.ResourceScope == scopes[_]
}
