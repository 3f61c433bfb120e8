package volumes

import "github.com/acrvet/acr"

// storyVolumes is the plan's story of persistent state, in epic REV-PHY-01.
const storyVolumes = "PHY-REV-01-03"

const (
	refComposeVols  = "https://docs.docker.com/reference/compose-file/volumes/"
	refPostgresData = "https://hub.docker.com/_/postgres#pgdata"
	refKubePV       = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
)

// Rules of the volumes pass (part of the memory pass before v0.2.0).
var (
	RuleEphemeralData = &acr.Rule{
		ID: "PHY104", Name: "data-not-persistent", Title: "database data not on a named volume",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyVolumes, Since: "v0.1.0",
		Criteria: []string{"§3.4.persistence", "PHY-REV-01-03.1"},
		What: "Reports Postgres containers whose data directory (`/var/lib/postgresql/data`, `$PGDATA`, " +
			"`/var/lib/postgresql` from Postgres 18 on, `/bitnami/postgresql` for Bitnami) is on a bind mount, an " +
			"anonymous volume, tmpfs (the `tmpfs` key, a long-syntax `type: tmpfs` mount, or a named volume the local " +
			"driver keeps in tmpfs), `emptyDir` (on disk or `medium: Memory`), a generic ephemeral or in-line CSI " +
			"volume, `hostPath`, a named volume the file does not declare, or no volume at all. Claims, " +
			"`volumeClaimTemplates` and in-line network volumes (NFS, iSCSI, cloud disks) persist. A mount above the " +
			"image's own volume path does not count, since the image's anonymous volume shadows it; a mount at " +
			"`/var/lib/postgresql/data` on Postgres 18 is reported unless `PGDATA` points there. A `hostPath` of a bare " +
			"`kind: Pod` is a note: no controller moves such a Pod to another node. Mage project data is " +
			"PHY109 (part of PHY104 before v0.2.0).",
		Why: "The plan requires stateful components on named volumes (or PersistentVolumeClaims). Anonymous " +
			"volumes and container layers disappear with the container or the project; bind mounts tie the data " +
			"to one host's directory layout and permissions; emptyDir and tmpfs live only as long as the pod.",
		Example:    "services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./pgdata:/var/lib/postgresql/data",
		UseInstead: "services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:",
		References: []string{refComposeVols, refPostgresData, refKubePV},
	}
	RuleEphemeralMageData = &acr.Rule{
		ID: "PHY109", Name: "mage-data-not-persistent", Title: "Mage project data not on a named volume",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyVolumes, Since: "v0.2.0",
		Criteria: []string{"§3.4.persistence", "PHY-REV-01-03.2"},
		Aliases:  []string{"PHY104"},
		What: "Reports Mage containers whose project directory (`/home/src`) is on a bind mount, an anonymous " +
			"volume, tmpfs, `emptyDir`, `hostPath` (a note for a bare `kind: Pod`, which no controller moves), a named " +
			"volume the file does not declare, or no volume at all.",
		Why: "Mage keeps its pipelines, run history and variables in the project directory: on anything but a " +
			"named volume (or a PersistentVolumeClaim) they are lost with the container or tied to one host.",
		Example:    "services:\n  mage:\n    image: mageai/mageai:latest\n    volumes:\n      - ./mage:/home/src",
		UseInstead: "services:\n  mage:\n    image: mageai/mageai:latest\n    volumes:\n      - mage:/home/src\nvolumes:\n  mage:",
		References: []string{refComposeVols, refKubePV},
	}
	// Rules lists the pass's rules.
	Rules = []*acr.Rule{RuleEphemeralData, RuleEphemeralMageData}
)
