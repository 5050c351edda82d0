"""Job specs generated from the live OpenAPI document (/v3/api-docs), with Hypothesis.

`valid_specs(doc)` draws specs the schema allows: every field optional, every `oneOf` family by its
discriminator, every bound respected. Sizes are capped (samples, features, epochs, widths) so that a job trains
in milliseconds; the caps are inside the schema's ranges. A few rules between fields that a JSON schema cannot
say (the spec compiler's own: `hiddenLayers` or `layers`, `shuffle` only with `batchSize`, ...) are applied
after drawing, in `repair`; every one of them is documented in the README's option table.

`mutations(spec)` lists ways to break one field of a valid spec: a wrong type, a value one past a bound, an
unknown enum value or type, an unknown field; each with the field path the 400 must name.
"""

import copy
import math

from hypothesis import strategies as st

# caps inside the schema's ranges, so that every drawn job is cheap; by field name
CAPS_INT = {"samples": (20, 300), "features": (1, 8), "epochs": (1, 40), "units": (1, 12), "classes": (2, 5),
            "evaluateEvery": (1, 50), "every": (0, 10), "batchSize": (1, 64), "plateauWindow": (1, 50),
            "patience": (1, 20), "stepSize": (1, 50), "warmupEpochs": (0, 5), "seed": (0, 4294967295),
            "hiddenLayers": (1, 12)}
CAPS_NUM = {"learningRate": (1e-4, 0.5), "momentum": (0.0, 0.95), "dampening": (0.0, 0.5),
            "weightDecay": (0.0, 0.1), "eps": (0.0, 1e-3), "testFraction": (0.1, 0.5), "center": (-4.0, 4.0),
            "spread": (0.0, 4.0), "noise": (0.0, 2.0), "scale": (1e-3, 1.0), "gain": (0.1, 3.0),
            "gamma": (0.1, 1.0), "minLearningRate": (0.0, 1e-4), "stopAtLoss": (0.0, 0.5), "pctStart": (0.05, 0.95),
            "divFactor": (1.0, 100.0), "finalDivFactor": (1.0, 1e4), "alpha": (0.5, 0.999), "minDelta": (0.0, 0.01),
            "lrDecay": (0.0, 0.1), "initialAccumulatorValue": (0.0, 0.1), "negativeSlope": (0.0, 0.5),
            "gradientDropFraction": (1e-3, 1.0), "plateauMinImprovement": (0.0, 1e-2),
            "saturationThreshold": (1e-4, 0.1), "p": (0.0, 0.5), "factor": (0.1, 0.9),
            # items whose bounds the document leaves out (the server refuses a width of 0 and a negative beta)
            "betas": (0.0, 0.999)}
MAX_ITEMS = {"hiddenLayers": 3, "layers": 5}


class Schema:
    def __init__(self, doc):
        self.schemas = doc["components"]["schemas"]
        body = doc["paths"]["/api/v1/jobs"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        self.root = self.resolve(body)

    def resolve(self, s):
        while "$ref" in s:
            s = self.schemas[s["$ref"].rsplit("/", 1)[-1]]
        return s

    def variants(self, s):
        """A oneOf family as (discriminator, [(name, schema)]), or None."""
        s = self.resolve(s)
        if "oneOf" not in s:
            return None
        disc = s["discriminator"]["propertyName"]
        mapping = s["discriminator"].get("mapping", {})
        options = []
        for ref in s["oneOf"]:
            sub = self.resolve(ref)
            names = sub["properties"][disc].get("enum") or [k for k, v in mapping.items() if v == ref.get("$ref")]
            options.append((names[0], sub))
        return disc, options

    def at(self, spec, path):
        """The schema of the field at path in spec (following the spec's own discriminators)."""
        s, value = self.root, spec
        for key in path:
            s = self.resolve(s)
            family = self.variants(s)
            if family:
                disc, options = family
                chosen = value.get(disc) if isinstance(value, dict) else None
                s = dict(options)[chosen] if chosen in dict(options) else options[0][1]
            if isinstance(key, int):
                s, value = s["items"], value[key]
            else:
                s, value = s["properties"][key], value.get(key) if isinstance(value, dict) else None
        return self.resolve(s)


def types(s):
    t = s.get("type")
    return t if isinstance(t, list) else [t]


def strategy(schema, s, name=None):
    s = schema.resolve(s)
    family = schema.variants(s)
    if family:
        disc, options = family
        return st.sampled_from(options).flatmap(lambda o: obj(schema, o[1], {disc: o[0]}))
    t = [x for x in types(s) if x != "null"]
    if "enum" in s:
        return st.sampled_from(s["enum"])
    kind = t[0] if t else ("object" if "properties" in s else None)
    if kind == "object":
        return obj(schema, s, {})
    if kind == "integer":
        lo, hi = s.get("minimum", 0), s.get("maximum", None)
        if "exclusiveMinimum" in s:
            lo = math.floor(s["exclusiveMinimum"]) + 1
        cap = CAPS_INT.get(name, (lo, lo + 50))
        lo, hi = max(lo, cap[0]), min(hi if hi is not None else cap[1], cap[1])
        return st.integers(lo, hi)
    if kind == "number":
        lo = s.get("minimum", s.get("exclusiveMinimum", -10.0))
        hi = s.get("maximum", s.get("exclusiveMaximum", 10.0))
        cap = CAPS_NUM.get(name, (lo, hi))
        lo, hi = max(lo, cap[0]), min(hi, cap[1])
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False,
                         exclude_min="exclusiveMinimum" in s and lo == s["exclusiveMinimum"],
                         exclude_max="exclusiveMaximum" in s and hi == s["exclusiveMaximum"])
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        return st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=min(s.get("maxLength", 30), 30))
    if kind == "array":
        items = strategy(schema, s["items"], name)
        lo = s.get("minItems", 0)
        hi = min(s.get("maxItems", MAX_ITEMS.get(name, 3)), MAX_ITEMS.get(name, 3))
        return st.lists(items, min_size=lo, max_size=max(lo, hi))
    return st.just(None)


ABSENT = object()


def obj(schema, s, forced):
    s = schema.resolve(s)
    fields = {}
    required = set(s.get("required", []))
    for key, sub in s.get("properties", {}).items():
        if key in forced:
            fields[key] = st.just(forced[key])
        elif key in required:
            fields[key] = strategy(schema, sub, key)
        else:
            fields[key] = st.one_of(st.just(ABSENT), strategy(schema, sub, key))
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not ABSENT})


def repair(spec):
    """The compiler's rules between fields, which the schema cannot express (see the README's option table)."""
    spec = copy.deepcopy(spec)
    model = spec.get("model", {})
    if "layers" in model:
        model.pop("hiddenLayers", None)
        model.pop("activation", None)
    model.pop("negativeSlope", None)
    def each_layer(layers):   # depth-first, through residual blocks
        for layer in layers or []:
            yield layer
            yield from each_layer(layer.get("layers"))
    for layer in each_layer(model.get("layers")):
        layer.pop("negativeSlope", None)

    def keep_width(layers):
        # a residual block's list must keep the width: no linear layers inside; and one level of blocks only,
        # so that every entry, nested ones included, stays within the server's count (4 x max-hidden-layers)
        return [layer for layer in layers or [] if layer.get("type") not in ("linear", "residual")]
    for layer in model.get("layers") or []:
        if layer.get("type") == "residual":
            layer["layers"] = keep_width(layer.get("layers"))
    training = spec.get("training", {})
    if any(layer.get("type") == "batch_norm" for layer in each_layer(model.get("layers"))):
        training.pop("batchSize", None)   # batch norm refuses a batch of one row, which a batch size may leave last
    if training.get("batchSize") is None:
        training.pop("shuffle", None)
    if training.get("loss") in ("bce", "cross_entropy"):
        # bce reads the logits through a sigmoid output, cross_entropy through a softmax of a linear one
        model.pop("outputActivation", None)
    data = spec.get("data", {})
    if training.get("loss") == "bce" and data.get("kind") == "gaussian_blobs":
        data["classes"] = 2   # bce is binary
    if training.get("loss") == "bce" and data.get("kind") == "spirals":
        data["arms"] = 2
    optimizer = training.get("optimizer", {})
    optimizer.pop("nesterov", None)
    schedule = training.get("schedule", {})
    epochs = training.get("epochs", 1000)
    if "warmupEpochs" in schedule:
        schedule["warmupEpochs"] = min(schedule["warmupEpochs"], epochs - 1)
    if "samples" not in data:
        data["samples"] = 200
    if "epochs" not in training:
        training["epochs"] = 20
    spec.setdefault("data", data)
    spec.setdefault("training", training)
    return spec


def valid_specs(schema):
    return strategy(schema, schema.root).map(repair)


def field_name(path):
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else ("." if out else "") + key
    return out


def leaves(schema, spec, path=()):
    """Every (path, value) in spec, objects included."""
    yield path, spec
    if isinstance(spec, dict):
        for k, v in spec.items():
            yield from leaves(schema, v, path + (k,))
    elif isinstance(spec, list):
        for i, v in enumerate(spec):
            yield from leaves(schema, v, path + (i,))


def mutations(schema, spec):
    """(description, mutated spec, field the 400 must name) for one valid spec."""
    out = []
    for path, value in leaves(schema, spec):
        if not path:
            continue
        s = schema.at(spec, path)
        name = field_name(path)
        family = schema.variants(s)

        def put(v, extra_key=None):
            m = copy.deepcopy(spec)
            target = m
            for key in path[:-1]:
                target = target[key]
            if extra_key is None:
                target[path[-1]] = v
            else:
                target[path[-1]][extra_key] = v
            return m
        if isinstance(value, dict):
            out.append((f"{name}: unknown field", put(1, "bogusField"), name + ".bogusField"))
            if family:
                disc = family[0]
                out.append((f"{name}.{disc}: unknown type", put("bogus", disc), f"{name}.{disc}"))
                out.append((f"{name}.{disc}: a number", put(1, disc), f"{name}.{disc}"))
            continue
        if isinstance(value, list):
            out.append((f"{name}: a string", put("x"), name))
            continue
        t = [x for x in types(s) if x != "null"]
        if "enum" in s and isinstance(value, str):
            if len(s["enum"]) > 1 or path[-1] not in ("type", "kind", "scheme"):
                out.append((f"{name}: unknown value", put("bogus"), name))
                out.append((f"{name}: as an index", put(0), name))
                out.append((f"{name}: with a space", put(value + " "), name))
                out.append((f"{name}: in upper case", put(value.upper()), name))
            continue
        kind = t[0] if t else None
        if kind in ("integer", "number"):
            out.append((f"{name}: a string", put(str(value)), name))
            out.append((f"{name}: a boolean", put(True), name))
            if kind == "integer":
                out.append((f"{name}: fractional", put(value + 0.5), name))
            if "minimum" in s:
                below = s["minimum"] - 1 if kind == "integer" else s["minimum"] - 1e-3
                out.append((f"{name}: below the minimum", put(below), name))
            if "exclusiveMinimum" in s:
                out.append((f"{name}: at the exclusive minimum", put(s["exclusiveMinimum"]), name))
            if "maximum" in s:
                above = s["maximum"] + 1 if kind == "integer" else s["maximum"] + 1e-3
                out.append((f"{name}: above the maximum", put(above), name))
            if "exclusiveMaximum" in s:
                out.append((f"{name}: at the exclusive maximum", put(s["exclusiveMaximum"]), name))
        elif kind == "boolean":
            out.append((f"{name}: a number", put(1), name))
            out.append((f"{name}: a string", put("true"), name))
        elif kind == "string":
            out.append((f"{name}: a number", put(5), name))
            if "maxLength" in s:
                out.append((f"{name}: one past maxLength", put("n" * (s["maxLength"] + 1)), name))
    return out
