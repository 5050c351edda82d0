"""The hostile corpus: raw requests, as bytes, that a client library would normalize or refuse to send.

Each entry is (name, request bytes, allowed statuses or None for "any 1xx-4xx", the field the problem must name
or None). Whatever the request, the answer must not be a 5xx; an error must be application/problem+json with a
urn:mlplab: type and the status it is sent with, and no body may name the container, the framework or a Java
type.
"""

import gzip
import json

FORBIDDEN = ["tomcat", "apache", "spring", "jackson", "java.", "exception", "whitelabel", "<html", "stacktrace",
             "\"trace\"", "\"timestamp\"", "at io.mlplab", "servlet"]


def http(method="GET", path="/api/v1/jobs", body=None, headers=None, version="HTTP/1.1", content_type=None,
         length=True, host=True):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {path} {version}".encode() if isinstance(path, str) else
             method.encode() + b" " + path + b" " + version.encode()]
    if host:
        lines.append(b"Host: localhost")
    if content_type is not None:
        lines.append(b"Content-Type: " + (content_type.encode() if isinstance(content_type, str) else content_type))
    if body is not None and length:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    for h in headers or []:
        lines.append(h.encode() if isinstance(h, str) else h)
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def post(body, content_type="application/json", **kw):
    return http("POST", "/api/v1/jobs", body=body, content_type=content_type, **kw)


def chunked(body_chunks, extra_headers=(), content_type="application/json"):
    head = (b"POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + content_type.encode()
            + b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n")
    for h in extra_headers:
        head += h.encode() + b"\r\n"
    return head + b"\r\n" + body_chunks


def corpus(job_id, max_body=1048576):
    """At least 200 requests; job_id is a finished job the GET variants may read."""
    items = []

    def add(name, data, expect=None, field=None):
        items.append((name, data, set(expect) if expect else None, field))

    # --- sizes ---
    padded = b"{}" + b" " * (max_body - 2)
    add("body exactly at the limit", post(padded), {202})
    add("body one byte over the limit", post(padded + b" "), {413})
    add("Content-Length far over the limit", post(b"{}", length=False, headers=["Content-Length: 1000000000000"]),
        {413, 400})
    add("Content-Length negative", post(b"{}", length=False, headers=["Content-Length: -5"]), {400})
    add("Content-Length not a number", post(b"{}", length=False, headers=["Content-Length: abc"]), {400})
    add("Content-Length twice, different", post(b"{}", length=False, headers=["Content-Length: 2", "Content-Length: 3"]),
        {400})
    add("Content-Length shorter than the body", post(b'{"seed": 1}', length=False, headers=["Content-Length: 3"]),
        {400})
    add("Content-Length and chunked", chunked(b"2\r\n{}\r\n0\r\n\r\n", ["Content-Length: 2"]), {202, 400})
    add("empty body", post(b""), {400}, "(body)")
    add("whitespace body", post(b"   \n\t "), {400}, "(body)")
    add("chunked over the limit", chunked(b"%x\r\n" % (max_body + 1) + b"{" + b" " * (max_body - 1) + b"}"
                                          + b"\r\n0\r\n\r\n"), {413})
    add("chunked {}", chunked(b"2\r\n{}\r\n0\r\n\r\n"), {202})
    add("chunked in 1-byte chunks", chunked(b"1\r\n{\r\n1\r\n}\r\n0\r\n\r\n"), {202})
    add("chunk extension", chunked(b"2;ext=1\r\n{}\r\n0\r\n\r\n"), {202})
    add("chunked with trailer", chunked(b"2\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n"), {202, 400})
    add("chunk size not hex", chunked(b"ZZ\r\n{}\r\n0\r\n\r\n"), {400})
    add("chunk size overflowing", chunked(b"FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"), {400, 413})
    add("chunk without CRLF", chunked(b"2\r\n{}0\r\n\r\n"), {400})
    add("chunk longer than sent", chunked(b"10\r\n{}"), {400})
    add("long path", http(path="/api/v1/jobs/" + "a" * 6000), {404, 400, 431, 414})
    add("path over the header limit", http(path="/api/v1/jobs/" + "a" * 9000), {400, 414, 431})
    add("100 headers", http(headers=[f"X-H{i}: v" for i in range(99)]), {200, 400, 431})
    add("200 headers", http(headers=[f"X-H{i}: v" for i in range(200)]), {400, 431})
    add("header over 8 KB", http(headers=["X-Big: " + "a" * 9000]), {400, 431})
    add("cookie of 7 KB", http(headers=["Cookie: a=" + "b" * 7000]), {200, 400, 431})
    add("query of 7 KB", http(path="/api/v1/jobs?x=" + "a" * 7000), {200, 400})

    # --- nesting ---
    add("hiddenLayers nested 600 deep", post(b'{"model":{"hiddenLayers":' + b"[" * 600 + b"]" * 600 + b"}}"),
        {400})
    add("objects nested 2000 deep", post(b'{"a":' * 2000 + b"1" + b"}" * 2000), {400})
    add("arrays nested 100000 deep", post(b"[" * 100000 + b"]" * 100000), {400})
    add("name as an object", post({"name": {"x": 1}}), {400}, "name")
    add("name as an array", post({"name": ["x"]}), {400}, "name")
    add("data as an array", post({"data": [1]}), {400}, "data.kind")
    add("model as a number", post({"model": 5}), {400}, "model")
    add("training as a string", post({"training": "fast"}), {400}, "training")
    add("hiddenLayers as an object", post({"model": {"hiddenLayers": {"a": 1}}}), {400}, "model.hiddenLayers")
    add("hiddenLayers of 10000 entries", post({"model": {"hiddenLayers": [1] * 10000}}), {400}, "model.hiddenLayers")
    add("layers of 5000 entries", post({"model": {"layers": [{"type": "linear", "units": 1}] * 5000}}), {400})
    add("10000 unknown fields", post("{" + ",".join(f'"f{i}":1' for i in range(10000)) + "}"), {400})
    add("key of 100 KB", post('{"' + "k" * 100000 + '":1}'), {400})
    add("string of 900 KB", post('{"name":"' + "n" * 900000 + '"}'), {400}, "name")

    # --- numbers ---
    numbers = [
        ("epochs 1e999", b'{"training":{"epochs":1e999}}', "training.epochs"),
        ("epochs 3.0", b'{"training":{"epochs":3.0}}', "training.epochs"),
        ("epochs 3.7", b'{"training":{"epochs":3.7}}', "training.epochs"),
        ("epochs 1e2", b'{"training":{"epochs":1e2}}', "training.epochs"),
        ("epochs -1", b'{"training":{"epochs":-1}}', "training.epochs"),
        ("epochs 0", b'{"training":{"epochs":0}}', "training.epochs"),
        ("epochs 2^31", b'{"training":{"epochs":2147483648}}', "training.epochs"),
        ("epochs 20 digits", b'{"training":{"epochs":99999999999999999999}}', "training.epochs"),
        ("epochs 2000 digits", b'{"training":{"epochs":' + b"9" * 2000 + b"}}", None),
        ("epochs true", b'{"training":{"epochs":true}}', "training.epochs"),
        ("epochs \"10\"", b'{"training":{"epochs":"10"}}', "training.epochs"),
        ("epochs null-ish 'null'", b'{"training":{"epochs":"null"}}', "training.epochs"),
        ("epochs hex", b'{"training":{"epochs":0x10}}', None),
        ("epochs leading zero", b'{"training":{"epochs":010}}', None),
        ("epochs plus sign", b'{"training":{"epochs":+5}}', None),
        ("learningRate .5", b'{"training":{"optimizer":{"learningRate":.5}}}', None),
        ("learningRate 5.", b'{"training":{"optimizer":{"learningRate":5.}}}', None),
        ("learningRate NaN", b'{"training":{"optimizer":{"learningRate":NaN}}}', None),
        ("learningRate Infinity", b'{"training":{"optimizer":{"learningRate":Infinity}}}', None),
        ("learningRate -Infinity", b'{"training":{"optimizer":{"learningRate":-Infinity}}}', None),
        ("learningRate \"NaN\"", b'{"training":{"optimizer":{"learningRate":"NaN"}}}', "training.optimizer.learningRate"),
        ("learningRate 1e-400", b'{"training":{"optimizer":{"learningRate":1e-400}}}', "training.optimizer.learningRate"),
        ("learningRate 0", b'{"training":{"optimizer":{"learningRate":0}}}', "training.optimizer.learningRate"),
        ("learningRate -0.0", b'{"training":{"optimizer":{"learningRate":-0.0}}}', "training.optimizer.learningRate"),
        ("learningRate 1e309", b'{"training":{"optimizer":{"learningRate":1e309}}}', "training.optimizer.learningRate"),
        ("noise -1e-300", b'{"data":{"noise":-1e-300}}', "data.noise"),
        ("testFraction 1", b'{"data":{"testFraction":1}}', "data.testFraction"),
        ("testFraction 0", b'{"data":{"testFraction":0}}', "data.testFraction"),
        ("seed -1", b'{"seed":-1}', "seed"),
        ("seed 2^32", b'{"seed":4294967296}', "seed"),
        ("seed 2^63", b'{"seed":9223372036854775808}', "seed"),
        ("seed 1.5", b'{"seed":1.5}', "seed"),
        ("hiddenLayers [16.0]", b'{"model":{"hiddenLayers":[16.0]}}', "model.hiddenLayers[0]"),
        ("hiddenLayers [1e1]", b'{"model":{"hiddenLayers":[1e1]}}', "model.hiddenLayers[0]"),
        ("hiddenLayers [true]", b'{"model":{"hiddenLayers":[true]}}', "model.hiddenLayers[0]"),
        ("hiddenLayers [\"16\"]", b'{"model":{"hiddenLayers":["16"]}}', "model.hiddenLayers[0]"),
        ("hiddenLayers [null]", b'{"model":{"hiddenLayers":[null]}}', "model.hiddenLayers[0]"),
        ("hiddenLayers [0]", b'{"model":{"hiddenLayers":[0]}}', "model.hiddenLayers[0]"),
        ("hiddenLayers [-16]", b'{"model":{"hiddenLayers":[-16]}}', "model.hiddenLayers[0]"),
        ("batchSize 0", b'{"training":{"batchSize":0}}', "training.batchSize"),
        ("batchSize 1e9 float", b'{"training":{"batchSize":1e9}}', "training.batchSize"),
        ("diagnostics.every -1", b'{"diagnostics":{"every":-1}}', "diagnostics.every"),
        ("betas of 3", b'{"training":{"optimizer":{"type":"adam","betas":[0.9,0.99,0.9]}}}', None),
        ("betas [1, 0.9]", b'{"training":{"optimizer":{"type":"adam","betas":[1,0.9]}}}', None),
    ]
    for name, body, field in numbers:
        add(name, post(body), {400}, field)
    add("seed 2^32-1", post(b'{"seed":4294967295,"training":{"epochs":1}}'), {202})
    add("epochs 1 as 1", post(b'{"training":{"epochs":1}}'), {202})
    add("learningRate 1e-300", post(b'{"training":{"epochs":1,"optimizer":{"learningRate":1e-300}}}'), {202})
    add("center 1e300", post(b'{"training":{"epochs":1},"data":{"center":1e300}}'), {202, 400})
    add("noise 1e300", post(b'{"training":{"epochs":1},"data":{"noise":1e300}}'), {202, 400})

    # --- encodings ---
    def named(raw_name):
        return b'{"training":{"epochs":1},"name":"' + raw_name + b'"}'
    for label, raw_bytes in [("overlong /", b"\xc0\xaf"), ("overlong 3-byte /", b"\xe0\x80\xaf"),
                             ("overlong 4-byte /", b"\xf0\x80\x80\xaf"), ("overlong NUL", b"\xc0\x80"),
                             ("bad continuation", b"\xc3\x28"), ("lone continuation", b"\x80"),
                             ("truncated 3-byte", b"\xe2\x82"), ("encoded surrogate", b"\xed\xa0\x80"),
                             ("beyond U+10FFFF", b"\xf4\x90\x80\x80"), ("byte FE", b"\xfe"), ("byte FF", b"\xff"),
                             ("latin-1 e-acute", b"\xe9"), ("5-byte form", b"\xf8\x88\x80\x80\x80")]:
        add("name " + label, post(named(raw_bytes)), {400}, "(body)")
    add("name with raw NUL", post(named(b"\x00")), {400}, None)
    add("name with raw tab", post(named(b"\t")), {400}, None)
    add("name with raw newline", post(named(b"\n")), {400}, None)
    add("name with escaped NUL", post(named(b"\\u0000")), {202})
    add("name with a lone surrogate escape", post(named(b"\\ud800")), {202, 400})
    add("name with a reversed surrogate pair", post(named(b"\\udc00\\ud800")), {202, 400})
    add("name with bad escape", post(named(b"\\x41")), {400})
    add("name with short unicode escape", post(named(b"\\u12")), {400})
    add("name in Japanese", post(named("名前".encode())), {202})
    add("name with an emoji", post(named("🧪".encode())), {202})
    add("UTF-8 BOM", post(b"\xef\xbb\xbf{}"), {202, 400})
    add("UTF-16LE body, declared", post("{}".encode("utf-16-le"), content_type="application/json; charset=UTF-16LE"),
        {415})
    add("UTF-16 body with BOM, undeclared", post("{}".encode("utf-16")), {400})
    add("UTF-32 body, undeclared", post("{}".encode("utf-32-le")), {400})
    add("charset latin-1 declared", post(b"{}", content_type="application/json; charset=ISO-8859-1"), {415})
    add("charset unknown", post(b"{}", content_type="application/json; charset=klingon"), {400, 415})
    add("charset utf-8 quoted", post(b"{}", content_type='application/json; charset="utf-8"'), {202})
    add("charset UTF8 (no dash)", post(b"{}", content_type="application/json; charset=UTF8"), {202, 415})
    add("gzip body, Content-Encoding gzip", post(gzip.compress(b"{}"), headers=["Content-Encoding: gzip"]),
        {400, 415})
    add("Content-Encoding br on {}", post(b"{}", headers=["Content-Encoding: br"]), {202, 400, 415})
    add("NUL in the middle of the JSON", post(b'{"seed":1\x00}'), {400})
    add("JSON with comments", post(b'{/* c */"seed":1}'), {400})
    add("JSON with single quotes", post(b"{'seed':1}"), {400})
    add("JSON with a trailing comma", post(b'{"seed":1,}'), {400})
    add("JSON with unquoted key", post(b"{seed:1}"), {400})
    add("two objects", post(b"{}{}"), {400}, "(body)")
    add("object then garbage", post(b"{} x"), {400}, "(body)")
    add("array body", post(b"[]"), {400}, "(body)")
    add("string body", post(b'"x"'), {400}, "(body)")
    add("number body", post(b"1"), {400}, "(body)")
    add("null body", post(b"null"), {400}, "(body)")
    add("true body", post(b"true"), {400}, "(body)")
    add("unterminated object", post(b'{"seed":1'), {400}, None)
    add("unterminated string", post(b'{"name":"x}'), {400}, None)
    add("duplicate key", post(b'{"seed":1,"seed":2}'), {400}, "seed")
    add("duplicate nested key", post(b'{"model":{"activation":"relu","activation":"tanh"}}'), {400},
        "model.activation")
    add("unknown field", post({"foo": 1}), {400}, "foo")
    add("unknown nested field", post({"model": {"depth": 3}}), {400}, "model.depth")
    add("field in the wrong case", post({"Seed": 1}), {400}, "Seed")

    # --- enums: by exact name only ---
    enums = [
        ("activation 1", {"model": {"activation": 1}}, "model.activation"),
        ("activation 0", {"model": {"activation": 0}}, "model.activation"),
        ("activation \"1\"", {"model": {"activation": "1"}}, "model.activation"),
        ("activation 'relu '", {"model": {"activation": "relu "}}, "model.activation"),
        ("activation ' relu'", {"model": {"activation": " relu"}}, "model.activation"),
        ("activation RELU", {"model": {"activation": "RELU"}}, "model.activation"),
        ("activation Relu", {"model": {"activation": "Relu"}}, "model.activation"),
        ("activation leaky-relu", {"model": {"activation": "leaky-relu"}}, "model.activation"),
        ("activation empty", {"model": {"activation": ""}}, "model.activation"),
        ("activation true", {"model": {"activation": True}}, "model.activation"),
        ("activation 1.0", {"model": {"activation": 1.0}}, "model.activation"),
        ("activation array", {"model": {"activation": ["relu"]}}, "model.activation"),
        ("outputActivation 9", {"model": {"outputActivation": 9}}, "model.outputActivation"),
        ("outputActivation 99", {"model": {"outputActivation": 99}}, "model.outputActivation"),
        ("loss 2", {"training": {"loss": 2}}, "training.loss"),
        ("loss 'mse\\n'", {"training": {"loss": "mse\n"}}, "training.loss"),
        ("loss MSE", {"training": {"loss": "MSE"}}, "training.loss"),
        ("earlyStopping.monitor 0", {"training": {"earlyStopping": {"monitor": 0}}}, "training.earlyStopping.monitor"),
        ("earlyStopping.monitor trainloss", {"training": {"earlyStopping": {"monitor": "trainloss"}}},
         "training.earlyStopping.monitor"),
        ("layer function 1", {"model": {"layers": [{"type": "linear", "units": 4}, {"type": "activation", "function": 1}]}},
         "model.layers[1].function"),
        ("layer function 'relu '", {"model": {"layers": [{"type": "activation", "function": "relu "}]}},
         "model.layers[0].function"),
        ("optimizer type 1", {"training": {"optimizer": {"type": 1}}}, "training.optimizer.type"),
        ("optimizer type SGD", {"training": {"optimizer": {"type": "SGD"}}}, "training.optimizer.type"),
        ("optimizer type 'adam '", {"training": {"optimizer": {"type": "adam "}}}, "training.optimizer.type"),
        ("optimizer type lbfgs", {"training": {"optimizer": {"type": "lbfgs"}}}, "training.optimizer.type"),
        ("optimizer type null", {"training": {"optimizer": {"type": None}}}, None),
        ("schedule type 2", {"training": {"schedule": {"type": 2}}}, "training.schedule.type"),
        ("init scheme 1", {"model": {"init": {"scheme": 1}}}, "model.init.scheme"),
        ("init scheme HE_NORMAL", {"model": {"init": {"scheme": "HE_NORMAL"}}}, "model.init.scheme"),
        ("data kind 0", {"data": {"kind": 0}}, "data.kind"),
        ("data kind 'blobs '", {"data": {"kind": "blobs "}}, "data.kind"),
        ("layer type 0", {"model": {"layers": [{"type": 0, "units": 4}]}}, "model.layers[0].type"),
        ("momentum on adam", {"training": {"optimizer": {"type": "adam", "momentum": 0.9}}}, "training.optimizer.momentum"),
    ]
    for name, body, field in enums:
        add(name, post(body), {400}, field)

    # --- paths ---
    for path in ["/api/v1/jobs/%00", "/api/v1/jobs/..%2F", "/api/v1/jobs/..%2f..%2f", "/api/v1/jobs/%2e%2e/",
                 "/api/v1/jobs/{", "/api/v1/jobs/}", "/api/v1/jobs/|", "/api/v1/jobs/^", "/api/v1/jobs/%ZZ",
                 "/api/v1/jobs/%", "/api/v1/jobs/%2", "/api/v1/jobs/%2F", "/api/v1/jobs/%5C", "/api/v1/jobs/\\",
                 "//api/v1/jobs", "/api/v1//jobs", "/api/v1/jobs/", "/API/V1/JOBS", "/api/v1/jobs;x=y",
                 "/api/v1/jobs/abc;jsessionid=1", "/api/v1/jobs/%C0%AF", "/api/v1/jobs/%E2%82%AC",
                 "/api/v1/jobs/%FF", "/api/v1/jobs/../jobs", "/api/v1/jobs/./", "/api/v1/jobs/%2e",
                 "/actuator/../actuator/env", "/actuator/%65nv", "/actuator/env;", "/actuator/;/env",
                 "/swagger-ui/../../etc/passwd", "/api/v1/jobs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/.git/config",
                 "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF", "/error", "/error/x", "/error?x=1", "/nothing",
                 "/actuator/metrics/unknown", "/actuator/metrics/jvm.memory.used?tag=area:nope",
                 "/actuator/metrics/jvm.memory.used?tag=bogus", "/actuator/health/unknown", "/actuator/nothing",
                 "/api/v1/jobs/" + job_id + "/nothing", "/api/v1/jobs/" + job_id + "%20",
                 "/api/v1/jobs/" + job_id.upper(), "/api/v1/jobs/" + job_id + "/history/",
                 "/v3/api-docs/..", "/v3/api-docs/nothing", "/swagger-ui/nothing.js", "/favicon.ico",
                 "/api/v1/jobs?x=%ZZ", "/api/v1/jobs?x=%", "/api/v1/jobs?%=1", "/api/v1/jobs?x=%C0%AF",
                 "/api/v1/jobs?x=%00", "/actuator/health?x=%ZZ", "/v3/api-docs?x=%ZZ",
                 "/api/v1/jobs?limit=0", "/api/v1/jobs?limit=501", "/api/v1/jobs?limit=abc", "/api/v1/jobs?limit=1e3",
                 "/api/v1/jobs?limit=", "/api/v1/jobs?limit=-1", "/api/v1/jobs?limit=99999999999",
                 "/api/v1/jobs?status=bogus", "/api/v1/jobs?status=", "/api/v1/jobs?status=1",
                 "/api/v1/jobs?cursor=zzz", "/api/v1/jobs?cursor=-1", "/api/v1/jobs?cursor=%00",
                 "/api/v1/jobs/" + job_id + "?wait=61", "/api/v1/jobs/" + job_id + "?wait=-1",
                 "/api/v1/jobs/" + job_id + "?wait=1.5", "/api/v1/jobs/" + job_id + "?wait=abc",
                 "/api/v1/jobs/" + job_id + "/history?from=-1", "/api/v1/jobs/" + job_id + "/history?from=x",
                 "/api/v1/jobs/" + job_id + "/plot.svg?series=bogus",
                 "/api/v1/jobs?" + "&".join(f"a{i}=1" for i in range(1001)),
                 "/api/v1/jobs?" + "&".join(f"a{i}=1" for i in range(999)),
                 "/api/v1/jobs?" + "&".join("limit=1" for _ in range(50)),
                 "/api/v1/jobs#fragment", "/api/v1/jobs?%E2%82%AC=%E2%82%AC"]:
        add("GET " + path[:60], http(path=path), None)
    for raw_path in [b"/api/v1/jobs/\xc3\xa9", b"/api/v1/jobs/\xff", b"/api/v1/jobs/\x00", b"/api/v1/jobs/\x7f",
                     b"/api/v1/jobs/a\tb", b"/api/v1/jobs?x=\xc0\xaf", b"api/v1/jobs", b"*",
                     b"http://localhost/api/v1/jobs", b"http://evil.example/api/v1/jobs", b"//evil.example/x",
                     b"/api/v1/jobs?x=<script>", b"/api/v1/jobs/<script>"]:
        add("GET raw " + repr(raw_path)[:50], http(path=raw_path), None)
    add("OPTIONS *", http("OPTIONS", "*"), {200, 400, 404})

    # --- headers ---
    add("no Host in HTTP/1.1", http(host=False), {400})
    add("no Host in HTTP/1.0", http(host=False, version="HTTP/1.0"), {200})
    add("two Host headers", http(headers=["Host: other"]), {400})
    add("Host with a space", http(host=False, headers=["Host: a b"]), {400})
    add("Host with a bad port", http(host=False, headers=["Host: localhost:abc"]), {400})
    add("Host empty", http(host=False, headers=["Host: "]), {200, 400})
    add("header without a colon", http(headers=["NoColonHere"]), {400})
    add("header name with a space", http(headers=["Bad Header: x"]), {400})
    add("obs-fold continuation", http(headers=["X-A: a", " folded"]), {200, 400})
    add("NUL in a header value", http(headers=[b"X-A: a\x00b"]), {400})
    add("DEL in a header value", http(headers=[b"X-A: a\x7fb"]), {200, 400})
    add("bare LF line endings", b"GET /api/v1/jobs HTTP/1.1\nHost: localhost\nConnection: close\n\n", {200, 400})
    add("bare CR in a header", http(headers=[b"X-A: a\rb"]), {400})
    add("Accept image/png", http(headers=["Accept: image/png"]), {406})
    add("Accept garbage", http(headers=["Accept: ;;;"]), {200, 400, 406})
    add("Accept problem+json", http(headers=["Accept: application/problem+json"]), {200, 406})
    add("If-None-Match garbage", http(path="/api/v1/jobs/" + job_id, headers=["If-None-Match: zz\"zz"]), {200, 304})
    add("If-None-Match *", http(path="/api/v1/jobs/" + job_id, headers=["If-None-Match: *"]), {200, 304})
    add("If-Modified-Since garbage", http(headers=["If-Modified-Since: yesterday"]), {200})
    add("Range on a job", http(path="/api/v1/jobs/" + job_id, headers=["Range: bytes=0-1"]), {200, 206, 416})
    add("Expect 100-continue", post(b"{}", headers=["Expect: 100-continue"]), {202})
    add("Expect garbage", post(b"{}", headers=["Expect: teapot"]), {202, 400, 417})
    add("Content-Type ;;;", post(b"{}", content_type=";;;"), {400, 415})
    add("Content-Type empty", post(b"{}", content_type=""), {400, 415})
    add("Content-Type with trailing ;", post(b"{}", content_type="application/json;"), {202, 400, 415})
    add("Content-Type charset empty", post(b"{}", content_type="application/json; charset="), {400, 415})
    add("Content-Type twice", post(b"{}", headers=["Content-Type: text/plain"]), {202, 400, 415})
    add("Transfer-Encoding gzip", post(b"{}", length=False, headers=["Transfer-Encoding: gzip"]), {400})
    add("Transfer-Encoding chunked, gzip", post(b"{}", length=False, headers=["Transfer-Encoding: chunked, gzip"]),
        {400})
    add("Transfer-Encoding identity", post(b"{}", length=False, headers=["Transfer-Encoding: identity"]), {400})
    add("Transfer-Encoding CHUNKED", chunked(b"2\r\n{}\r\n0\r\n\r\n").replace(b"chunked", b"CHUNKED"), {202, 400})
    add("Transfer-Encoding twice", chunked(b"2\r\n{}\r\n0\r\n\r\n", ["Transfer-Encoding: chunked"]), {202, 400})
    add("Upgrade h2c", http(headers=["Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__"]), {200, 400})
    add("Upgrade websocket", http(headers=["Upgrade: websocket"]), {200, 400})
    add("X-Forwarded-For garbage", http(headers=["X-Forwarded-For: <script>"]), {200})
    add("Authorization garbage", http(headers=["Authorization: Basic !!!"]), {200})
    add("Origin from elsewhere", post(b"{}", headers=["Origin: http://evil.example"]), {202, 403})

    # --- methods ---
    unknown_id = "00000000-0000-0000-0000-000000000000"
    for path in ["/api/v1/jobs", "/api/v1/jobs/" + unknown_id, "/api/v1/jobs/" + job_id + "/cancel",
                 "/api/v1/jobs/" + job_id + "/history", "/actuator/health", "/v3/api-docs", "/nothing"]:
        for method in ["PUT", "PATCH", "TRACE", "CONNECT", "FOO", "get", "PROPFIND", "M" * 100, "HEAD", "OPTIONS"]:
            add(f"{method[:10]} {path[:40]}", http(method, path), None)
    add("DELETE the collection", http("DELETE", "/api/v1/jobs"), {405})
    add("POST on a job", http("POST", "/api/v1/jobs/" + job_id, body=b"{}", content_type="application/json"), {405})
    add("GET with a body", http("GET", "/api/v1/jobs", body=b"{}", content_type="application/json"), {200})
    add("DELETE unknown with a body", http("DELETE", "/api/v1/jobs/" + unknown_id, body=b"x"), {404})
    add("method with a NUL", http(b"GE\x00T".decode("latin-1")), {400, 405})

    # --- content types ---
    for ctype in ["text/plain", "application/xml", "application/x-www-form-urlencoded", "text/json",
                  "multipart/form-data; boundary=zz", "multipart/form-data", "application/octet-stream", "*/*",
                  "application/*", "image/png", "application/x-yaml", "application/cbor", "application/javascript"]:
        add("Content-Type " + ctype, post(b"{}", content_type=ctype), {415})
    add("multipart, malformed", post(b"--zz\r\nfoo\r\n", content_type="multipart/form-data; boundary=zz"), {415})
    add("multipart, well formed", post(b'--zz\r\nContent-Disposition: form-data; name="spec"\r\n\r\n{}\r\n--zz--\r\n',
                                       content_type="multipart/form-data; boundary=zz"), {415})
    add("form with a malformed escape", post(b"a=%ZZ", content_type="application/x-www-form-urlencoded"), {400, 415})
    add("no Content-Type with a body", post(b"{}", content_type=None), {415})
    for ctype in ["APPLICATION/JSON", "application/json ", "application/problem+json", "application/vnd.api+json",
                  "application/json-patch+json"]:
        add("Content-Type " + ctype, post(b"{}", content_type=ctype), {202, 415})

    # --- the request line ---
    add("HTTP/1.2", http(version="HTTP/1.2"), {400})
    add("HTTP/2.0", http(version="HTTP/2.0"), {400})
    add("HTTP/3", http(version="HTTP/3"), {400})
    add("HTTP/1.1 lower case", http(version="http/1.1"), {400})
    add("HTTP/9.9", http(version="HTTP/9.9"), {400})
    add("version garbage", http(version="HTXP/1.1"), {400})
    add("request line with an extra word", http(path="/api/v1/jobs extra"), {400})
    add("request line with double spaces", b"GET  /api/v1/jobs  HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        {200, 400})
    add("request line with tabs", b"GET\t/api/v1/jobs\tHTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {200, 400})
    add("blank lines before the request", b"\r\n\r\n" + http(), {200, 400})
    add("method only", b"GET\r\n\r\n", {400, None})
    add("HTTP/0.9 simple request", b"GET /\r\n", {400, None})
    add("a TLS client hello", bytes.fromhex("16030100a5010000a10303") + b"\x00" * 40, {400, None})
    add("binary garbage", bytes(range(256)), {400, None})
    add("just CRLF", b"\r\n", {400, None})
    return items


def check(data, status, headers, body, expect, field):
    """The problems with one answer to the request {@code data}, as a list of strings (empty: fine)."""
    problems = []
    head = data.startswith(b"HEAD ")
    if status is None:
        if expect is None or None not in expect:
            problems.append("no answer")
        return problems
    if status >= 500:
        problems.append(f"status {status}")
    if expect is not None and status not in expect:
        problems.append(f"status {status}, expected {sorted(s for s in expect if s)}")
    text = body.decode("utf-8", "replace").lower()
    for word in FORBIDDEN:
        if word in text:
            problems.append(f"body mentions {word!r}")
    for key, value in headers.items():
        if key in ("server", "x-powered-by") or "tomcat" in value.lower() or "apache" in value.lower():
            problems.append(f"header {key}: {value}")
    if status >= 400 and not body and not head:
        problems.append("error without a body")
    if status >= 400 and body:
        ctype = headers.get("content-type", "")
        if not ctype.startswith("application/problem+json"):
            problems.append(f"error as {ctype or 'no content type'}")
        try:
            problem = json.loads(body)
            if not str(problem.get("type", "")).startswith("urn:mlplab:"):
                problems.append(f"type {problem.get('type')}")
            if problem.get("status") != status:
                problems.append(f"body status {problem.get('status')} on a {status}")
            if field is not None:
                fields = [e.get("field") for e in problem.get("errors", [])]
                if not any(f == field or str(f).startswith(field + ".") or str(f).startswith(field + "[")
                           for f in fields):
                    problems.append(f"errors name {fields}, expected {field}")
        except ValueError:
            problems.append("error body is not JSON")
    elif status >= 400 and field is not None:
        problems.append("no problem body to name the field")
    return problems
