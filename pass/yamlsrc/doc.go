// Package yamlsrc is the YAML front of the polyglot source model: Compose
// files, Kubernetes manifests, Mage metadata and plain YAML parsed once per
// run into gopkg.in/yaml.v3 nodes, with helpers that read them the way the
// tools that consume them do.
//
// Parse keeps every document of a stream and every node's position, so a
// pass reports at the line of the key it found. Aliases are kept as yaml.v3
// gives them; the lookup helpers (Resolve, Lookup, MappingPairs, Items,
// Scalar) follow aliases and apply `<<` merge keys with YAML's precedence:
// a mapping's own keys win over merged ones, and among several merged
// mappings the earlier one wins. Custom tags such as Compose's `!reset` and
// `!override` stay on the nodes for passes to honor.
//
// Because aliases can make a small file denote an enormous tree (the
// "billion laughs"), Parse counts the nodes each document would have with
// every alias expanded and refuses a document above Limits.MaxExpandedNodes,
// a document nested deeper than Limits.MaxDepth, and an anchor whose value
// contains an alias to itself. After Parse succeeds any walk that follows
// aliases is bounded by those limits.
package yamlsrc
