"""The ``shenbao`` console script.

Sub-commands live in their own modules, each exposing ``run(argv) -> int``, and
are imported only when called so ``shenbao check`` does not pay for Django.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

# polars (the roster checker) allocates through its own jemalloc, which by default keeps
# freed pages for ten seconds in one arena per thread: a 100,000-row check then peaks ≈20 MiB
# higher than it needs. Returning them at once (dirty_decay_ms:0) fixes that but makes polars
# fault fresh pages in for every column it builds (≈0.2 s of CPU in a 100k check). For the
# check, one arena for every thread reuses the pages another freed, and 0.3 s is long enough
# to reuse them within a step of the check and short enough to give them back between steps
# (bench/README.md, 2026-12-05). jemalloc reads this when polars is first loaded, so it is set
# before the command is imported; an operator's own setting wins.
MALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"
CHECK_MALLOC_CONF = "narenas:1,dirty_decay_ms:300,muzzy_decay_ms:0"

COMMANDS = {
    "serve": ("shenbao.cli.serve", "运行网站（开发服务器，默认 127.0.0.1:8000）"),
    "manage": ("shenbao.cli.serve", "执行 Django 管理命令，例如 shenbao manage migrate"),
    "check": ("shenbao.cli.check", "检查花名册文件（附件3/附件4）"),
    "template": ("shenbao.cli.check", "生成空白花名册模板（.xlsx）"),
    "catalog": ("shenbao.cli.catalog", "按指导目录（附件5）判定企业"),
}


def usage() -> str:
    lines = ["用法: shenbao <命令> [参数]", "", "命令:"]
    lines += [f"  {name:<10}{help_text}" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"未知命令: {name}\n\n{usage()}", file=sys.stderr)
        return 2
    os.environ.setdefault("_RJEM_MALLOC_CONF", CHECK_MALLOC_CONF if name == "check" else MALLOC_CONF)
    if argv is None and name == "check":
        # A check is one short process whose objects live until it ends: in a 100,000-row
        # check the collector ran ≈60 times (11 ms, most while the sheet loads) and freed a few
        # hundred objects; without it the check ends ≈5 ms sooner (median of 15 alternating
        # runs). The tests call main() with argv and keep their collector.
        gc.disable()
    module = importlib.import_module(COMMANDS[name][0])
    result: int = module.run(name, rest)
    if argv is None and name == "check":
        # Run as the console script: leave without tearing down the sheet's frames and
        # polars' allocations (≈0.08 s of a 100,000-row check, bench/README.md). Nothing is
        # left to clean up: output is flushed here and the check holds no files open.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(result)
    return result


if __name__ == "__main__":
    sys.exit(main())
