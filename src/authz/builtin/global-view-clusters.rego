package authz

# Reading anything in every cluster, workspace and namespace.
default allow = false

allow = true {
  scopes := ["Cluster", "Workspace", "Namespace"]
  input.ResourceScope == scopes[_]
  verbs := ["get", "list", "watch"]
  input.Verb == verbs[_]
}
