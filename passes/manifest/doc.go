// Package manifest is a helper pass that reads deployment manifests the way
// the tools that run them do, for the passes that review the Physical view.
//
// Compose: every file name the Compose specification accepts, the base
// file with its automatic override, the files COMPOSE_FILE in the .env
// lists instead of them, the -f lists of docker compose commands in the
// Makefile and package.json scripts, other files layered on the base when
// they refine its services; `services` with `environment` as list or map,
// `env_file`, interpolation of ${VAR}, ${VAR:-default}, ${VAR?err} and the
// rest from the project's .env (an unset variable is recorded as
// unresolved, never guessed), `extends` within and across files, YAML
// anchors and `<<` merge keys, `!reset` and `!override`, `profiles`,
// `mem_limit`, `mem_reservation` and `deploy.resources`, `command` and
// `entrypoint` as string (split as Compose splits it, without a shell) or
// list, `ports` in short and long syntax, `network_mode`, `volumes` in
// short and long syntax with the top-level declarations, `tmpfs`, and the
// Dockerfile a service builds.
//
// Kubernetes: multi-document files, `kind: List`, every kind that embeds a
// pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
// ReplicationController, Job, CronJob, PodTemplate, Argo Rollout),
// containers and init containers, `env` (with `valueFrom.configMapKeyRef`
// and `$(VAR)` references to earlier variables) and `envFrom` of ConfigMaps
// the repository defines, resources (a container without a memory limit
// gets the pod-level limit, or the default of its namespace's LimitRange), host ports
// and host network, volumes (persistentVolumeClaim, volumeClaimTemplates,
// emptyDir, hostPath, generic ephemeral and in-line network volumes), and
// Services with their selectors. Kustomize overlays are rendered for
// strategic-merge patches given by file (patchesStrategicMerge, patches
// with a path) on the containers of resources and bases in the repository:
// image, env, resources and volumeMounts; a patch file is not read as a
// workload of its own. JSON 6902 and inline patches, patches of command
// and args, name prefixes, namespace rewrites, generators, components,
// remote bases and Helm templates are not rendered.
//
// Dockerfiles: ENV, ENTRYPOINT and CMD through the stage chain, so a
// Compose service that builds an image runs what the image runs.
//
// For each container the helper works out the command it starts, whether
// that command is a JVM, the JVM options on its command line (options
// reached through `$JAVA_OPTS` in a shell script or Kubernetes' `$(VAR)`
// included), and which variables the command expands at run time. Byte
// sizes are read with each format's own grammar (ParseComposeBytes,
// ParseKubeQuantity, ParseJVMSize).
package manifest
