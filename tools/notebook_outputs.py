"""Checks an executed run of notebooks/sigmoid-vs-relu.ipynb (tools/notebook-check.sh runs this).

usage: notebook_outputs.py EXECUTED COMMITTED yes|no

Checks what the run shows (the seed's accuracy table, the plots, the clean-up), then either writes the run's
outputs into COMMITTED (yes) or fails when COMMITTED's outputs are not this run's (no). Outputs are compared
cell by cell: text, tables and numbers exactly; pictures by kind only (their bytes depend on the plotting
library's version); cells tagged "volatile" (the progress, which depends on timing) not at all.
"""
import difflib
import json
import sys

TABLE = ["depth sigmoid relu", "1 1.00 1.00", "2 0.46 1.00", "3 0.46 1.00", "4 0.46 0.46"]
CLEANED_UP = "deleted the study and its 8 jobs; 0 left"


def text(value):
    return "".join(value) if isinstance(value, list) else value


def code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def printed(notebook):
    lines = []
    for cell in code_cells(notebook):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                lines += text(output["text"]).splitlines()
    return lines


def shown(cell):
    """A code cell's outputs as compared: text and tables exactly, pictures by kind only."""
    parts = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            parts.append(output["name"] + ": " + text(output["text"]))
        elif kind == "error":
            parts.append("error: " + output.get("ename", "") + ": " + output.get("evalue", ""))
        else:
            data = output.get("data", {})
            for media in sorted(data):
                if media.startswith("image/"):
                    parts.append(media + ": (a picture)")
                elif media in ("text/plain", "text/html"):
                    parts.append(media + ": " + text(data[media]))
    return "\n".join(parts)


def count(notebook, media):
    return sum(media in output.get("data", {}) for cell in code_cells(notebook) for output in cell.get("outputs", []))


def main(executed_path, committed_path, update):
    executed = json.load(open(executed_path))
    committed = json.load(open(committed_path))

    lines = printed(executed)
    if TABLE[0] not in lines:
        sys.exit("notebook-check: the notebook printed no line '%s'; it printed:\n%s" % (TABLE[0], "\n".join(lines)))
    start = lines.index(TABLE[0])
    table = lines[start:start + len(TABLE)]
    print("\n".join(table))
    if table != TABLE:
        sys.exit("notebook-check: expected the table\n%s" % "\n".join(TABLE))
    if CLEANED_UP not in lines:
        sys.exit("notebook-check: the last cell did not print '%s'" % CLEANED_UP)
    svgs, pngs = count(executed, "image/svg+xml"), count(executed, "image/png")
    if svgs != 2 or pngs != 2:
        sys.exit("notebook-check: expected the study's two SVG plots and two matplotlib pictures, got %d and %d"
                 % (svgs, pngs))
    print("the plots are drawn; the study and its jobs are deleted")

    if update:
        for cell in executed["cells"]:
            cell.get("metadata", {}).pop("execution", None)
        with open(committed_path, "w") as f:
            json.dump(executed, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("notebook-check: wrote this run's outputs into " + committed_path)
        return

    old_cells, new_cells = code_cells(committed), code_cells(executed)
    stale = []
    if [text(c["source"]) for c in old_cells] != [text(c["source"]) for c in new_cells]:
        stale.append("the executed notebook's code differs from the committed one")
    for index, (old, new) in enumerate(zip(old_cells, new_cells)):
        if "volatile" in old.get("metadata", {}).get("tags", []):
            continue
        if shown(old) != shown(new):
            diff = difflib.unified_diff(shown(old).splitlines(), shown(new).splitlines(), "committed", "this run",
                                        lineterm="", n=1)
            stale.append("code cell %d:\n%s" % (index + 1, "\n".join(diff)))
    if stale:
        sys.exit("notebook-check: the outputs committed with %s are stale; run tools/notebook-check.sh --update "
                 "and commit the notebook.\n%s" % (committed_path, "\n\n".join(stale)))
    print("the committed outputs match this run")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] == "yes")
