"""Test-only launcher for the LLM end-to-end test: llama-cpp-python's OpenAI-compatible server
with a small ASGI shim, because that server accepts `response_format` only as `json_object`
(with a non-standard `schema` key) and `max_tokens`, not the standard `json_schema` and
`max_completion_tokens` that async-openai sends."""
import json
import os

import uvicorn
from llama_cpp.server.app import create_app
from llama_cpp.server.settings import ModelSettings, ServerSettings


def rewrite(body):
    try:
        req = json.loads(body)
    except ValueError:
        return body
    rf = req.get("response_format") if isinstance(req, dict) else None
    if isinstance(rf, dict) and rf.get("type") == "json_schema":
        schema = (rf.get("json_schema") or {}).get("schema")
        req["response_format"] = {"type": "json_object", **({"schema": schema} if schema else {})}
    if isinstance(req, dict) and "max_completion_tokens" in req and "max_tokens" not in req:
        req["max_tokens"] = req.pop("max_completion_tokens")
    return json.dumps(req).encode()


class Shim:
    """Pure ASGI: buffers the body, rewrites it, fixes content-length."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST":
            return await self.app(scope, receive, send)
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        body = rewrite(body)
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
        scope = dict(scope, headers=headers + [(b"content-length", str(len(body)).encode())])
        done = False

        async def replay():
            nonlocal done
            if not done:
                done = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


host = os.environ.get("LLM_HOST", "127.0.0.1")
port = int(os.environ.get("LLM_PORT", "8089"))
app = create_app(
    server_settings=ServerSettings(host=host, port=port),
    model_settings=[
        ModelSettings(
            model=os.environ["LLM_GGUF"],
            model_alias="smollm2",
            n_ctx=4096,
            n_threads=2,
            seed=42,
            verbose=False,
        )
    ],
)
uvicorn.run(Shim(app), host=host, port=port, log_level="warning")
