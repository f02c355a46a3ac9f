#!/usr/bin/env python3
"""action_sim.py ACTION_YML INPUTS_JSON CONTEXT_JSON - runs a composite action's
steps the way the runner does, for tests/scripts/test_action.sh.

- `run:` steps go to `bash -e` with the step's `env:` (expressions expanded) and
  GITHUB_OUTPUT set to a fresh file per step, whose `k=v` lines become
  steps.<id>.outputs; GITHUB_PATH lines are prepended to PATH for later steps.
- `if:` is evaluated (default success()); after a failed step only steps whose
  condition calls always() or failure() run, as on a real runner.
- `uses:` steps are emulated: actions/cache/restore@v4 and actions/cache/save@v4
  keep tarballs in $SIM_CACHE_DIR (an exact key hits; saving an existing key
  is refused, as the real service does), github/codeql-action/upload-sarif@v4
  records its inputs in $SIM_CACHE_DIR/../uploads. Any other `uses:` fails.
Prints one line per step ("step NAME: ran exit N" / "step NAME: skipped") and
exits with 1 when a step failed, else 0.
"""
import json, os, re, subprocess, sys, tarfile, yaml

action = yaml.safe_load(open(sys.argv[1]))
given = json.loads(sys.argv[2])
ctx = json.loads(sys.argv[3])
inputs = {k: str(v.get("default", "")) for k, v in (action.get("inputs") or {}).items()}
for k, v in given.items():
    if k not in inputs:
        sys.exit(f"action_sim: unknown input {k}")
    inputs[k] = v
steps = {}
failed = False
cache_dir = os.environ["SIM_CACHE_DIR"]
env_path = []

def lookup(name):
    parts = name.split(".")
    if parts[0] == "inputs":
        return inputs.get(parts[1], "")
    if parts[0] == "steps":
        st = steps.get(parts[1], {})
        return st.get(parts[2], {}).get(parts[3], "") if parts[2] == "outputs" else st.get(parts[2], "")
    if parts[0] in ("github", "runner", "env"):
        return ctx.get(parts[0], {}).get(parts[1], "")
    raise SystemExit(f"action_sim: unknown context {name}")

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\)|,)|(?P<num>\d+)|(?P<id>[A-Za-z_][A-Za-z0-9_.\-]*))")

def evaluate(expr):
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m:
            raise SystemExit(f"action_sim: cannot parse {expr!r}")
        pos = m.end()
        if m.group("str"):
            out.append(repr(m.group("str")[1:-1].replace("''", "'")))
        elif m.group("op"):
            out.append({"&&": " and ", "||": " or ", "!": " not "}.get(m.group("op"), m.group("op")))
        elif m.group("num"):
            out.append(m.group("num"))
        else:
            name = m.group("id")
            if name in ("always", "success", "failure", "true", "false"):
                out.append({"always": "_always", "success": "_success", "failure": "_failure",
                            "true": "True", "false": "False"}[name])
            else:
                out.append(repr(lookup(name)))
    return eval("".join(out), {"_always": lambda: True, "_success": lambda: not failed,
                               "_failure": lambda: failed})

def expand(text):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1))), str(text))

def uses(step, with_):
    name = step["uses"]
    if name == "actions/cache/restore@v4":
        tar = os.path.join(cache_dir, with_["key"] + ".tar")
        if os.path.exists(tar):
            with tarfile.open(tar) as t:
                t.extractall("/")
            return 0, {"cache-hit": "true", "cache-matched-key": with_["key"]}
        return 0, {"cache-hit": "false"}
    if name == "actions/cache/save@v4":
        tar = os.path.join(cache_dir, with_["key"] + ".tar")
        if os.path.exists(tar):
            print(f"action_sim: cache entry {with_['key']} exists, not saved", file=sys.stderr)
            return 0, {}
        path = with_["path"]
        if not os.path.exists(path):
            print(f"action_sim: nothing to save at {path}", file=sys.stderr)
            return 0, {}
        with tarfile.open(tar, "w") as t:
            t.add(path)
        return 0, {}
    if name == "github/codeql-action/upload-sarif@v4":
        with open(os.path.join(cache_dir, "..", "uploads"), "a") as f:
            f.write(json.dumps(with_) + "\n")
        return (0 if os.path.exists(with_.get("sarif_file", "")) else 1), {}
    print(f"action_sim: cannot emulate {name}", file=sys.stderr)
    return 1, {}

for i, step in enumerate(action["runs"]["steps"]):
    label = step.get("name", f"#{i}")
    cond = step.get("if", "success()")
    cond = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", str(cond).strip())
    if not re.search(r"\b(always|success|failure|cancelled)\(\)", cond):
        cond = f"success() && ({cond})"
    if not evaluate(cond):
        print(f"step {label}: skipped", flush=True)
        continue
    sid = step.get("id", f"_{i}")
    if "uses" in step:
        with_ = {k: expand(v) for k, v in (step.get("with") or {}).items()}
        rc, outputs = uses(step, with_)
    else:
        env = dict(os.environ)
        env.update({k: expand(v) for k, v in (step.get("env") or {}).items()})
        out_file = os.path.join(ctx["runner"]["temp"], f"_output_{i}")
        path_file = os.path.join(ctx["runner"]["temp"], f"_path_{i}")
        open(out_file, "w").close()
        open(path_file, "w").close()
        env["GITHUB_OUTPUT"] = out_file
        env["GITHUB_PATH"] = path_file
        env["PATH"] = ":".join(env_path + [env["PATH"]])
        rc = subprocess.call(["bash", "-e", "-c", expand(step["run"])], env=env)
        outputs = {}
        for line in open(out_file):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                outputs[k] = v
        env_path = [l.strip() for l in open(path_file) if l.strip()] + env_path
    steps[sid] = {"outputs": outputs, "outcome": "success" if rc == 0 else "failure"}
    print(f"step {label}: ran exit {rc}", flush=True)
    if rc != 0:
        failed = True
with open(os.path.join(ctx["runner"]["temp"], "_steps.json"), "w") as f:
    json.dump(steps, f)
sys.exit(1 if failed else 0)
