package mage

import "github.com/acrvet/acr"

// storyAtomicity is the plan's story of Mage block atomicity, in epic
// REV-LOG-01.
const storyAtomicity = "LOG-REV-01-03"

const refMageBlocks = "https://docs.mage.ai/design/blocks"

// Rules of the mage pass: SCHEMA301 and SCHEMA302 of the schemadrift pass
// before v0.2.0.
var (
	RuleTransformerReturn = &acr.Rule{
		ID: "MAGE101", Name: "transformer-returns-non-dataframe", Title: "Mage transformer does not return a DataFrame",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyAtomicity, Since: "v0.1.0",
		Criteria: []string{"§3.1.atomicity", "LOG-REV-01-03.1"},
		Aliases:  []string{"SCHEMA301"},
		What: "Reports `@transformer` blocks that return nothing, `None`, a literal (dict, list, string, number), " +
			"a DataFrame converted away (`.to_dict()`, `.to_json()`, `.to_numpy()`, `.values`, `.tolist()`, " +
			"`len(...)`) or a Series (`df[\"col\"]`, `df.sum()`, `df.groupby(...).size()` of a known pandas frame, " +
			"`pd.Series(...)`), followed through the variables that hold the value and the helpers of the module " +
			"that make it. A return whose type cannot be told is not reported, nor are streaming transformers " +
			"(first parameter `messages`) and generator blocks. A block that no pipeline of its project lists in " +
			"`pipelines/*/metadata.yaml` runs nowhere: its findings are notes.",
		Why: "Blocks are the pipeline's atomic units: a transformer's output is the next block's input and is " +
			"what Mage persists and tests. Returning anything but a pandas or polars DataFrame breaks the " +
			"contract downstream blocks rely on.",
		Example:    "@transformer\ndef transform(df, *args, **kwargs):\n    return df.to_dict()",
		UseInstead: "@transformer\ndef transform(df, *args, **kwargs):\n    return df",
		References: []string{refMageBlocks},
	}
	RuleTransformerIO = &acr.Rule{
		ID: "MAGE102", Name: "transformer-side-effect", Title: "Mage transformer or data loader performs side-effect I/O",
		Severity: acr.SeverityError, View: acr.Logical, Story: storyAtomicity, Since: "v0.1.0",
		Criteria: []string{"§3.1.atomicity", "LOG-REV-01-03.2"},
		Aliases:  []string{"SCHEMA302"},
		What: "Reports I/O inside `@transformer` blocks: DataFrame writers (`to_sql`, `to_parquet`, `to_csv` " +
			"and `to_json` with a path, `write_*` of polars), HTTP calls (`requests`, `httpx`, `urllib`), " +
			"`open()` for writing, `joblib.dump` to a path, boto3 `put_object`/`upload_file`, database commits, " +
			"`INSERT`/`UPDATE`/`DELETE`/DDL run by `execute()` (or a client's `query()`/`command()`, ClickHouse's " +
			"`insert_df()`) and SQLAlchemy `insert()`/`update()`/`delete()` executed, Redis and " +
			"MongoDB writes, and Mage exporter calls (`.export(...)` of `mage_ai.io`); and writes to a data store " +
			"(database, Redis, MongoDB, object storage, Mage exporter) inside `@data_loader` blocks. Calls are " +
			"followed into helpers of the module and functions imported from other modules of the repository, up to 3 " +
			"calls deep; inside a helper only the calls that run whenever it does count (none under an `if`, `try`, " +
			"`match`, conditional expression or `and`/`or`): which branch a shared helper takes depends on the " +
			"block's arguments, which are not followed. A block that no pipeline of its project lists in " +
			"`pipelines/*/metadata.yaml` runs nowhere: its findings are notes.",
		Why: "A transformer must be a pure function of its inputs so it can be re-run, tested and parallelized " +
			"by dynamic blocks, and a loader is re-run to refresh its data; I/O belongs in a `@data_exporter` block, " +
			"where retries and idempotency are designed for it. A write hidden in a helper is as much a write.",
		Example:    "@transformer\ndef transform(df, *args, **kwargs):\n    df.to_sql(\"features\", engine)\n    return df",
		UseInstead: "@data_exporter\ndef export(df, *args, **kwargs):\n    df.to_sql(\"features\", engine)",
		References: []string{refMageBlocks},
	}
)

// Rules lists the pass's rules.
var Rules = []*acr.Rule{RuleTransformerReturn, RuleTransformerIO}
