"""The benchmark's summary: a PNG plot and the tables of docs/performance.md, from the JSON files in bench/results.

    .venv/bot/bin/python bench/report.py [--results bench/results] [--page docs/performance.md]

The page's section between the markers `<!-- bench:start -->` and `<!-- bench:end -->` is replaced by the
tables of the latest results, so the page never shows figures of an older run than the plot. Each table says the
date of its run: `make bench` runs all parts, and a part run on its own (bench/latency.py, say) updates only its own.
Runs in the bot environment (matplotlib comes with Rasa).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _predicted(pair: dict) -> str:
    """The prediction of a confusion; no explanation is chosen when the classifier did not consider `uitleg`."""
    return pair["predicted"] or "(no answer chosen: another intent)"


def load(results: Path, name: str) -> Optional[dict]:
    path = results / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def plot(latency: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for rows, label, style, colour in ((latency["levels"], "Wmo-assistent", "o-", "tab:blue"),
                                       (latency["floor"], "floor (3 intents, rules)", "s--", "tab:orange")):
        users = [row["concurrency"] for row in rows]
        left.plot(users, [row["p95_ms"] for row in rows], style, color=colour, label=f"{label} p95")
        left.plot(users, [row["p50_ms"] for row in rows], style, color=colour, alpha=0.4, label=f"{label} p50")
        right.plot(users, [row["messages_per_s"] for row in rows], style, color=colour, label=label)
    left.set(xlabel="simultaneous inwoners", ylabel="ms per message", yscale="log",
             title="Latency per message (log scale)")
    right.set(xlabel="simultaneous inwoners", ylabel="messages per second", title="Throughput")
    for axes in (left, right):
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize=8)
    machine = latency["machine"]
    figure.suptitle(f"{latency['date'][:10]}, {machine['cpus']} cores, {latency['seconds_per_level']:.0f} s per level")
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=100)
    plt.close(figure)


def _when(stamp: Optional[str]) -> str:
    """'2026-11-30 03:43 UTC' from the ISO time a result file was written (in UTC)."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if stamp and len(stamp) >= 16 else (stamp or "?")


def _ms(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


# The pipelines of bench/nlu.py (PIPELINES there)
PIPELINE_TITLES = {"ours": "ours (`config.yml`)",
                   "before": "before issue 24 (DIET, no sentence encoder, no placeholders)",
                   "diet_with_encoder": "DIET with the sentence encoder and placeholders",
                   "without_encoder": "ours without the sentence encoder",
                   "without_placeholders": "ours without the date and number placeholders",
                   "rasa_default": "Rasa's default (`rasa init`)"}


def gemeenten_table(cost: dict) -> List[str]:
    """bench/gemeenten.py: one deployment of N gemeenten against N deployments of one."""
    m, n = cost["machine"], cost["inwoners"]
    one = cost["one_gemeente"]
    lines = [f"**Several gemeenten in one deployment**, run of {_when(cost['date'])} on {m['cpus']} cores, "
             f"{m.get('memory_gb', '?')} GB (`bench/results/gemeenten.json`; {cost['seconds_per_measurement']:.0f} s "
             f"per measurement, {n} inwoners spread over the gemeenten; memory: the peak RSS of Rasa server, NLU "
             "server, action server and API together):", "",
             "| gemeenten | one deployment for all: memory | its p95 | a deployment each: memory | "
             "each on its own machine: p95 | side by side on this machine: p95 |", "|---|---|---|---|---|---|",
             f"| 1 | {one['memory_mb']:,.0f} MB | {_ms(one['all']['p95_ms'])} | {one['memory_mb']:,.0f} MB | "
             f"{_ms(one['all']['p95_ms'])} | – |"]
    for count, shared in cost["shared"].items():
        apart = cost["apart"][count]
        side = apart.get("side_by_side")
        lines.append(f"| {count} | {shared['memory_mb']:,.0f} MB | {_ms(shared['p95_ms'])} | "
                     f"{apart['memory_mb']:,.0f} MB | {_ms(apart['p95_ms_each_on_its_own_machine'])} | "
                     f"{_ms(side['p95_ms']) if side else 'does not fit'} |")
    return lines


def overdracht_table(run: dict) -> List[str]:
    """bench/overdracht.py: an employee's message to the widget, and the memory per waiting chat."""
    m, timing, cost = run["machine"], run["latency_employee_to_widget"], run["memory"]
    per_chat = cost["kb_per_waiting_chat"]
    return [f"**A chat handed to a person**, run of {_when(run['date'])} on {m['cpus']} cores, "
            f"{m.get('memory_gb', '?')} GB (`bench/results/overdracht.json`): from the employee's POST on the staff "
            "page until the widget's long poll (through the Rasa server) returned the message, and the resident "
            "memory that waiting chats add, each with the widget's long poll open:", "",
            "| messages | p50 | p95 | max | waiting chats | Rasa server per chat | gemeente API per chat |",
            "|---|---|---|---|---|---|---|",
            f"| {timing['messages']} | {_ms(timing['p50_ms'])} | {_ms(timing['p95_ms'])} | {_ms(timing['max_ms'])} | "
            f"{cost['waiting_chats']} | {per_chat.get('rasa', '?')} kB | {per_chat.get('api', '?')} kB |"]


def tables(latency: Optional[dict], nlu: Optional[dict], api: Optional[dict],
           gemeenten: Optional[dict] = None, overdracht: Optional[dict] = None) -> str:
    lines: List[str] = []
    if latency:
        m = latency["machine"]
        lines += [f"**Conversation latency**, run of {_when(latency['date'])} on {m['cpus']} cores, "
                  f"{m.get('memory_gb', '?')} GB, {m['platform']}; the load generator runs on the same machine "
                  "(`bench/results/latency.json`, plot `bench/results/latency.png`; "
                  f"{latency['seconds_per_level']:.0f} s per level):", "",
                  "| inwoners | Wmo-assistent p50 / p95 / p99 | messages/s | errors | floor p50 / p95 | floor messages/s |"
                  " p95 ÷ floor |", "|---|---|---|---|---|---|---|"]
        for ours, floor in zip(latency["levels"], latency["floor"]):
            lines.append(f"| {ours['concurrency']} | {_ms(ours['p50_ms'])} / {_ms(ours['p95_ms'])} / "
                         f"{_ms(ours['p99_ms'])} | {ours['messages_per_s']:.1f} | {ours['errors']} | "
                         f"{_ms(floor['p50_ms'])} / {_ms(floor['p95_ms'])} | {floor['messages_per_s']:.0f} | "
                         f"{ours.get('p95_vs_floor')}× |")
        used = latency.get("resources") or {}
        if used:
            lines += ["", "**Running cost** (after the load above):", "",
                      "| process | ready after start | peak memory (RSS) |", "|---|---|---|"]
            titles = {"rasa": "Rasa server", "nlu": "NLU server", "actions": "action server", "api": "gemeente API",
                      "floor rasa": "floor bot (Rasa)"}
            for name, row in used.items():
                if isinstance(row, dict):
                    lines.append(f"| {titles.get(name, name)} | {row['ready_seconds']} s | {row['peak_rss_mb']:,.0f} MB |")
            if "model_mb" in used:
                lines += ["", f"Model `models/wmo.tar.gz`: {used['model_mb']} MB."]
    if nlu:
        lines += ["", f"**NLU quality**, run of {_when(nlu.get('date'))} (`bench/results/nlu.json`): held-out set of "
                      f"{nlu['pipelines']['ours']['examples'] if 'ours' in nlu['pipelines'] else '?'} sentences, "
                      "all pipelines trained on `data/nlu` in the same run:", "",
                  "| pipeline | intent macro-F1 | accuracy | answers (which explanation) macro-F1 | entity F1 "
                  "(voorziening) | training |", "|---|---|---|---|---|---|"]
        names = PIPELINE_TITLES
        for name, row in nlu["pipelines"].items():
            entity = ", ".join(f"{v['f1']} ({k}; P {v['precision']}, R {v['recall']})"
                               for k, v in row["entities"].items()) or "–"
            lines.append(f"| {names.get(name, name)} | {row['intent_macro_f1']} | {row['intent_accuracy']} | "
                         f"{row.get('response_selection_macro_f1', '–')} | {entity} | {row['training_seconds']:.0f} s |")
        validations = nlu.get("cross_validation") or {}
        if "folds" in validations:  # a report of before issue 24: one cross-validation, of ours
            validations = {"ours": validations}
        if validations:
            lines += ["", "Seeded cross-validation on `data/nlu` (the same folds for each pipeline):", "",
                      "| pipeline | intent macro-F1 | per fold | answers macro-F1 |", "|---|---|---|---|"]
            for name, cv in validations.items():
                done = cv.get("folds_done", cv["folds"])
                partial = "" if done == cv["folds"] else f" (only {done} of the {cv['folds']} folds ran)"
                lines.append(f"| {names.get(name, name)} | {cv['intent_macro_f1_mean']} ± {cv['intent_macro_f1_std']}"
                             f"{partial} | {', '.join(str(f) for f in cv['intent_macro_f1_per_fold'])} | "
                             f"{cv['response_selection_macro_f1_mean']} |")
            lines += ["", "Costliest confusions of ours (held-out errors, then cross-validation):", "",
                      "| expected | predicted | held-out errors | example |", "|---|---|---|---|"]
            for pair in nlu["pipelines"].get("ours", {}).get("confusions", [])[:6]:
                lines.append(f"| {pair['expected']} | {_predicted(pair)} | {pair['errors']} | {pair['example']} |")
            lines += ["", "| expected | predicted | cross-validation errors |", "|---|---|---|"]
            for pair in (validations.get("ours") or next(iter(validations.values())))["costly_confusions"][:6]:
                lines.append(f"| {pair['expected']} | {_predicted(pair)} | {pair['errors']} |")
        cost = nlu.get("training_cost")
        if cost:
            lines += ["", f"**Training** (`make train`'s `rasa train` of the whole project): "
                          f"{cost['full_seconds']:.0f} s from an empty cache, {cost['after_one_line_nlu_change_seconds']:.0f}"
                          f" s after adding one NLU example; peak memory {cost['peak_rss_mb']:,.0f} MB; "
                          f"model {cost['model_mb']} MB."]
    if api:
        lines += ["", f"**Gemeente API**, {api['what']}, run of {_when(api.get('when'))} "
                      "(`bench/results/api_write.json`):", "",
                  "| database | p50 | p95 | p99 | writes/s | errors |", "|---|---|---|---|---|---|"]
        for backend, row in api["results"].items():
            lines.append(f"| {backend} | {row['p50_ms']} ms | {row['p95_ms']} ms | {row['p99_ms']} ms | "
                         f"{row['throughput_per_s']} | {row['errors']} |")
    if gemeenten:
        lines += ["", *gemeenten_table(gemeenten)]
    if overdracht:
        lines += ["", *overdracht_table(overdracht)]
    return "\n".join(lines) + "\n"


def update_page(page: Path, text: str) -> None:
    content = page.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(content):
        raise SystemExit(f"{page} has no {START} ... {END} section")
    page.write_text(pattern.sub(lambda _: f"{START}\n{text}{END}", content), encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--page", type=Path, default=PAGE, help="'-' to print the tables instead")
    args = parser.parse_args(argv)
    latency = load(args.results, "latency.json")
    if latency:
        plot(latency, args.results / "latency.png")
    text = tables(latency, load(args.results, "nlu.json"), load(args.results, "api_write.json"),
                  load(args.results, "gemeenten.json"), load(args.results, "overdracht.json"))
    if str(args.page) == "-":
        print(text)
    else:
        update_page(args.page, text)
        print(f"Updated {args.page} and {args.results / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
