package authz

# Everything below the global scope (the role's rules already grant everything).
default allow = false

allow = true {
  scopes := ["Cluster", "Workspace", "Namespace"]
  input.ResourceScope == scopes[_]
}
