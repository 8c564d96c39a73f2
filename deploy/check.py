"""Offline checks of deploy/'s manifests, run by check.sh inside its throwaway venv.

Validates the Kubernetes resources against Kubernetes' own JSON schemas (strictly, through
kubernetes-validate, which bundles them), keeps the kustomize base consistent with its
directory, and checks what the schemas cannot: probes, shutdown timing, hardening, and that
the pieces (Deployment, Service, Secret, compose services, Caddy upstreams, systemd unit)
agree with one another. Prints one line per check; exits 1 if any failed.
"""

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from kubernetes_validate import utils as kv

# Files in kubernetes/ kept out of kustomization.yaml on purpose (see its comment).
KEPT_OUT = {"secret.example.yaml", "servicemonitor.yaml"}
# The settings the Deployment must take from the Secret.
SECRET_SETTINGS = ["CAREVOICE_SKILL_IDS", "CAREVOICE_DIALOGFLOW_BASIC_AUTH", "CAREVOICE_STORE_URL"]
DEFAULT_SHUTDOWN_TIMEOUT = 30
DEFAULT_DRAIN_DELAY = 5
DISTROLESS_NONROOT = 65532

failures = []


def check(ok, message):
    print(("ok    " if ok else "FAIL  ") + message)
    if not ok:
        failures.append(message)
    return ok


def load_all(path):
    try:
        with open(path, encoding="utf-8") as f:
            docs = [doc for doc in yaml.safe_load_all(f) if doc is not None]
    except (OSError, yaml.YAMLError) as e:
        check(False, f"{path.name} cannot be read as YAML: {e}")
        return []
    for doc in docs:
        if not isinstance(doc, dict):
            check(False, f"{path.name} holds something other than a mapping: {doc!r:.60}")
    return [doc for doc in docs if isinstance(doc, dict)]


def load_one(path):
    docs = load_all(path)
    check(len(docs) == 1, f"{path.name} is one YAML document")
    return docs[0] if docs else {}


def port_of(address):
    """The port of HOST:PORT or [V6]:PORT."""
    return int(str(address).rsplit(":", 1)[1])


def go_duration(text):
    """Seconds in a Compose duration such as 35s, 1m30s or 1h."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|h|m|s)", str(text))
    if not parts or "".join(n + u for n, u in parts) != str(text):
        raise ValueError(f"not a duration: {text!r}")
    return sum(float(n) * units[u] for n, u in parts)


def systemd_timespan(text):
    """Seconds in a systemd time span such as 35s, 35, 1min 30s."""
    units = {"us": 1e-6, "ms": 1e-3, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    parts = re.findall(r"(\d+)\s*([a-z]+)", text)
    if not parts or any(u not in units for _, u in parts):
        raise ValueError(f"not a time span: {text!r}")
    return sum(int(n) * units[u] for n, u in parts)


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


# ---------------------------------------------------------------- kustomize base


def check_kustomization(kdir):
    kust = load_one(kdir / "kustomization.yaml")
    resources = kust.get("resources") or []
    check(bool(resources), "kustomization.yaml lists resources")
    for name in resources:
        check((kdir / name).is_file(), f"kustomization.yaml resource {name} exists")
    present = {p.name for p in kdir.iterdir()} - {"kustomization.yaml"}
    stray = sorted(present - set(resources) - KEPT_OUT)
    check(
        not stray,
        "every file in kubernetes/ is listed in kustomization.yaml or kept out "
        f"on purpose ({', '.join(sorted(KEPT_OUT))})" + (f"; not listed: {stray}" if stray else ""),
    )
    for name in sorted(KEPT_OUT):
        check(
            name not in resources and (kdir / name).is_file(),
            f"{name} exists and stays out of the default kustomization",
        )
    return resources


def validate_schemas(docs, source, versions):
    for doc in docs:
        kind_name = f"{doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
        for version in versions:
            try:
                kv.validate(doc, version, strict=True)
                check(True, f"{source}: {kind_name} valid for Kubernetes {kv.major_minor(version)} (strict)")
            except kv.ValidationError as e:
                where = ".".join(str(p) for p in e.path) or "(top level)"
                check(
                    False,
                    f"{source}: {kind_name} invalid for Kubernetes {kv.major_minor(version)}: "
                    f"{where}: {e.message}",
                )
            except (kv.SchemaNotFoundError, kv.VersionNotSupportedError) as e:
                check(False, f"{source}: {kind_name}: {e.message}")
            except KeyError as e:
                check(False, f"{source}: {kind_name}: no {e} field")


def one(docs, kind):
    found = [d for d in docs if d.get("kind") == kind]
    check(len(found) == 1, f"the base has exactly one {kind} (found {len(found)})")
    return found[0] if found else {}


def env_map(container):
    return {e["name"]: e for e in container.get("env") or [] if "name" in e}


def check_deployment(docs, example):
    deploy = one(docs, "Deployment")
    service = one(docs, "Service")
    pdb = one(docs, "PodDisruptionBudget")
    hpa = one(docs, "HorizontalPodAutoscaler")
    if not deploy:
        return {}
    spec = deploy.get("spec") or {}
    template = spec.get("template") or {}
    pod = template.get("spec") or {}
    labels = (template.get("metadata") or {}).get("labels") or {}
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    containers = pod.get("containers") or [{}]
    c = next((x for x in containers if x.get("name") == "carevoice"), containers[0])
    env = env_map(c)

    def value(name, default=None):
        return (env.get(name) or {}).get("value", default)

    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports") or []}

    # Probes.
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = (c.get(probe) or {}).get("httpGet") or {}
        check(get.get("path") == path, f"{probe} is GET {path} (found {get.get('path')})")
        port = get.get("port")
        number = ports.get(port, port)
        bind = value("CAREVOICE_BIND")
        check(
            bind is not None and number == port_of(bind),
            f"{probe} targets the main listener, CAREVOICE_BIND={bind} (port {port})",
        )

    # Shutdown timing.
    shutdown = int(value("CAREVOICE_SHUTDOWN_TIMEOUT", DEFAULT_SHUTDOWN_TIMEOUT))
    drain = int(value("CAREVOICE_DRAIN_DELAY", DEFAULT_DRAIN_DELAY))
    grace = pod.get("terminationGracePeriodSeconds", 30)
    check(
        grace > shutdown,
        f"terminationGracePeriodSeconds ({grace}) > CAREVOICE_SHUTDOWN_TIMEOUT ({shutdown}), with a margin",
    )
    check(drain < shutdown, f"CAREVOICE_DRAIN_DELAY ({drain}) < CAREVOICE_SHUTDOWN_TIMEOUT ({shutdown})")

    # Hardening: pod-level settings may stand in for container-level ones.
    psc, csc = pod.get("securityContext") or {}, c.get("securityContext") or {}
    merged = {**psc, **csc}
    check(merged.get("runAsNonRoot") is True, "runAsNonRoot: true")
    check(
        merged.get("runAsUser") == DISTROLESS_NONROOT,
        f"runAsUser is distroless's nonroot, {DISTROLESS_NONROOT} (found {merged.get('runAsUser')})",
    )
    check(csc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem: true")
    check(csc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation: false")
    check("ALL" in ((csc.get("capabilities") or {}).get("drop") or []), "capabilities drop ALL")
    check(
        (merged.get("seccompProfile") or {}).get("type") == "RuntimeDefault", "seccompProfile RuntimeDefault"
    )
    check(
        not pod.get("volumes") or all("persistentVolumeClaim" not in v for v in pod["volumes"]),
        "no PersistentVolumeClaim (the store is PostgreSQL)",
    )

    # Resources.
    res = c.get("resources") or {}
    for kind in ("requests", "limits"):
        for what in ("cpu", "memory"):
            check(what in (res.get(kind) or {}), f"resources.{kind}.{what} is set")

    # Settings.
    check(value("CAREVOICE_LOG_FORMAT") == "json", "CAREVOICE_LOG_FORMAT=json")
    secret_names = set()
    for name in SECRET_SETTINGS:
        ref = ((env.get(name) or {}).get("valueFrom") or {}).get("secretKeyRef") or {}
        check(ref.get("key") == name, f"{name} comes from a Secret")
        if ref.get("name"):
            secret_names.add(ref["name"])
    check(len(secret_names) == 1, f"one Secret holds them all ({sorted(secret_names)})")
    secret = next(iter(secret_names), None)
    ex = next((d for d in example if d.get("kind") == "Secret"), {})
    check(
        (ex.get("metadata") or {}).get("name") == secret,
        f"secret.example.yaml is the Secret the Deployment reads ({secret})",
    )
    ex_keys = set((ex.get("stringData") or {}) | (ex.get("data") or {}))
    check(ex_keys == set(SECRET_SETTINGS), f"secret.example.yaml has exactly the keys {SECRET_SETTINGS}")

    # Metrics: annotations point at the listener that serves /metrics.
    metrics_bind = value("CAREVOICE_METRICS_BIND") or value("CAREVOICE_BIND")
    check(annotations.get("prometheus.io/scrape") == "true", 'prometheus.io/scrape: "true"')
    check(annotations.get("prometheus.io/path") == "/metrics", "prometheus.io/path: /metrics")
    check(
        metrics_bind is not None and annotations.get("prometheus.io/port") == str(port_of(metrics_bind)),
        f"prometheus.io/port is the port of {metrics_bind}",
    )
    check(
        metrics_bind is not None and port_of(metrics_bind) in ports.values(),
        "the metrics listener's port is a container port",
    )

    # Wyoming: its listener's port is a container port, and the Service reaches it.
    wyoming_bind = value("CAREVOICE_WYOMING_BIND")
    if wyoming_bind is not None:
        check(port_of(wyoming_bind) in ports.values(), "the Wyoming listener's port is a container port")
        targets = {
            ports.get(p.get("targetPort"), p.get("targetPort")) for p in (service.get("spec") or {}).get("ports") or []
        }
        check(port_of(wyoming_bind) in targets, "a Service port targets the Wyoming listener")

    # The other resources select these pods and this Deployment.
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    check(matches(selector, labels), "the Deployment's selector matches its pod labels")
    svc_spec = service.get("spec") or {}
    check(matches(svc_spec.get("selector") or {}, labels), "the Service selects the pods")
    for p in svc_spec.get("ports") or []:
        target = p.get("targetPort", p.get("port"))
        check(
            target in ports or target in ports.values(),
            f"Service port {p.get('name')} targets a container port ({target})",
        )
    pdb_sel = ((pdb.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
    check(matches(pdb_sel, labels), "the PodDisruptionBudget selects the pods")
    hspec = hpa.get("spec") or {}
    target = hspec.get("scaleTargetRef") or {}
    check(
        target.get("kind") == "Deployment" and target.get("name") == deploy["metadata"]["name"],
        "the HorizontalPodAutoscaler scales the Deployment",
    )
    check(
        hspec.get("minReplicas", 1) >= 2,
        f"the HPA keeps 2+ replicas (minReplicas {hspec.get('minReplicas')})",
    )
    check(spec.get("replicas", 2) >= 2, "Deployment spec.replicas is unset (the HPA owns it) or 2+")
    check(
        any((m.get("resource") or {}).get("name") == "cpu" for m in hspec.get("metrics") or []),
        "the HPA scales on CPU",
    )
    return {"service": service}


def check_servicemonitor(kdir, service):
    docs = load_all(kdir / "servicemonitor.yaml")
    sm = docs[0] if docs else {}
    check(
        sm.get("apiVersion") == "monitoring.coreos.com/v1" and sm.get("kind") == "ServiceMonitor",
        "servicemonitor.yaml is a monitoring.coreos.com/v1 ServiceMonitor",
    )
    spec = sm.get("spec") or {}
    labels = (service.get("metadata") or {}).get("labels") or {}
    check(
        matches((spec.get("selector") or {}).get("matchLabels") or {}, labels),
        "the ServiceMonitor selects the Service",
    )
    names = {p.get("name") for p in (service.get("spec") or {}).get("ports") or []}
    for ep in spec.get("endpoints") or [{}]:
        check(
            ep.get("port") in names and ep.get("path", "/metrics") == "/metrics",
            f"the ServiceMonitor scrapes /metrics on Service port {ep.get('port')}",
        )


# ---------------------------------------------------------------- compose and Caddy


def reverse_proxies(node):
    if isinstance(node, dict):
        if node.get("handler") == "reverse_proxy":
            yield node
        for v in node.values():
            yield from reverse_proxies(v)
    elif isinstance(node, list):
        for v in node:
            yield from reverse_proxies(v)


def check_compose(deploy_dir, caddy_json):
    compose = load_one(deploy_dir / "compose.yaml")
    services = compose.get("services") or {}
    carevoice = {
        n: s
        for n, s in services.items()
        if str((s.get("build") or {}).get("dockerfile", "")).endswith("Dockerfile")
    }
    check(len(carevoice) >= 2, f"compose.yaml runs 2+ carevoice replicas ({sorted(carevoice)})")
    postgres = {n for n, s in services.items() if str(s.get("image", "")).startswith("postgres:")}
    check(len(postgres) == 1, "compose.yaml runs one PostgreSQL (official postgres image)")
    for n in postgres:
        check(bool((services[n].get("healthcheck") or {}).get("test")), f"{n} has a healthcheck")
    upstreams = set()
    for name, s in carevoice.items():
        env = s.get("environment") or {}
        if isinstance(env, list):
            env = dict(e.split("=", 1) for e in env)
        shutdown = int(env.get("CAREVOICE_SHUTDOWN_TIMEOUT", DEFAULT_SHUTDOWN_TIMEOUT))
        grace = go_duration(s.get("stop_grace_period", "10s"))
        check(
            grace > shutdown,
            f"{name}: stop_grace_period ({grace:g} s) > CAREVOICE_SHUTDOWN_TIMEOUT ({shutdown})",
        )
        # Compose fills ${VAR...} in from deploy/.env; any value will do here.
        store = urlsplit(re.sub(r"\$\{[^}]*\}", "placeholder", str(env.get("CAREVOICE_STORE_URL", ""))))
        check(
            store.scheme == "postgres" and store.hostname in postgres,
            f"{name}: CAREVOICE_STORE_URL points at the PostgreSQL service",
        )
        dep = s.get("depends_on") or {}
        check(
            isinstance(dep, dict)
            and all((dep.get(p) or {}).get("condition") == "service_healthy" for p in postgres),
            f"{name}: waits for PostgreSQL to be healthy",
        )
        check(env.get("CAREVOICE_LOG_FORMAT") == "json", f"{name}: CAREVOICE_LOG_FORMAT=json")
        upstreams.add(f"{name}:{port_of(env.get('CAREVOICE_BIND', '0.0.0.0:8080'))}")
        wyoming = env.get("CAREVOICE_WYOMING_BIND")
        for published in s.get("ports") or []:
            host, _, container = str(published).rpartition(":")
            check(
                wyoming is not None and int(container) == port_of(wyoming),
                f"{name}: the published port {published} is the Wyoming listener's",
            )
            check(host.startswith("127.0.0.1:"), f"{name}: Wyoming is published on loopback only ({published})")

    caddy = json.loads(Path(caddy_json).read_text(encoding="utf-8"))
    proxies = list(reverse_proxies(caddy))
    check(len(proxies) == 1, "the Caddyfile has one reverse_proxy")
    for rp in proxies:
        dials = {u.get("dial") for u in rp.get("upstreams") or []}
        check(dials == upstreams, f"Caddy balances over every replica's main listener ({sorted(dials)})")
        active = (rp.get("health_checks") or {}).get("active") or {}
        check(
            (active.get("uri") or active.get("path")) == "/readyz",
            "Caddy's active health check is GET /readyz",
        )
    mounts = [str(v) for p in services.values() for v in p.get("volumes") or []]
    check(
        any(m.startswith("./Caddyfile:") for m in mounts),
        "compose.yaml mounts deploy/Caddyfile into the proxy",
    )


# ---------------------------------------------------------------- systemd unit and image


def check_unit_and_image(deploy_dir):
    unit = (deploy_dir / "carevoice.service").read_text(encoding="utf-8")
    stop = re.search(r"^TimeoutStopSec=(.+)$", unit, re.MULTILINE)
    env = re.search(r"^Environment=CAREVOICE_SHUTDOWN_TIMEOUT=(\d+)$", unit, re.MULTILINE)
    shutdown = int(env.group(1)) if env else DEFAULT_SHUTDOWN_TIMEOUT
    seconds = systemd_timespan(stop.group(1)) if stop else 90
    check(
        seconds > shutdown,
        f"carevoice.service: TimeoutStopSec ({seconds} s) > CAREVOICE_SHUTDOWN_TIMEOUT ({shutdown})",
    )
    dockerfile = (deploy_dir / "Dockerfile").read_text(encoding="utf-8")
    check(
        re.search(r"^STOPSIGNAL SIGTERM$", dockerfile, re.MULTILINE) is not None,
        "Dockerfile: STOPSIGNAL SIGTERM",
    )
    check(
        re.search(r"^USER nonroot", dockerfile, re.MULTILINE) is not None,
        f"Dockerfile: runs as distroless's nonroot ({DISTROLESS_NONROOT}), as the Deployment expects",
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--deploy-dir", required=True, type=Path)
    ap.add_argument("--rendered", type=Path, help="the kustomize base, rendered; else its listed files")
    ap.add_argument("--kubernetes-version", action="append", default=[])
    ap.add_argument("--caddy-json", required=True, type=Path, help="`caddy adapt` of the Caddyfile")
    args = ap.parse_args()
    kdir = args.deploy_dir / "kubernetes"
    versions = [kv.latest_version() if v == "latest" else v for v in args.kubernetes_version or ["latest"]]

    print("-- kustomize base: its directory and kustomization.yaml")
    resources = check_kustomization(kdir)
    if args.rendered:
        docs, source = load_all(args.rendered), "rendered base"
    else:
        docs, source = (
            [d for r in resources if (kdir / r).is_file() for d in load_all(kdir / r)],
            "listed files",
        )
    print(f"-- Kubernetes schemas ({len(docs)} resources from the {source}, and secret.example.yaml)")
    validate_schemas(docs, source, versions)
    example = load_all(kdir / "secret.example.yaml")
    validate_schemas(example, "secret.example.yaml", versions)
    print("-- Deployment: probes, shutdown, hardening, resources, settings; and what refers to it")
    found = check_deployment(docs, example)
    check_servicemonitor(kdir, found.get("service") or {})
    print("-- compose.yaml and Caddyfile")
    check_compose(args.deploy_dir, args.caddy_json)
    print("-- carevoice.service and Dockerfile")
    check_unit_and_image(args.deploy_dir)
    if failures:
        print(f"\n{len(failures)} check(s) failed:")
        for f in failures:
            print(f"  {f}")
        sys.exit(1)


if __name__ == "__main__":
    main()
