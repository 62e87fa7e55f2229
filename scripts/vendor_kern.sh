#!/usr/bin/env bash
# Refresh the vendored KERN design system (npm @kern-ux/native) in participation/static/vendor/kern/.
# Usage: scripts/vendor_kern.sh VERSION INTEGRITY   (make kern passes the pinned pair)
# Fetches the package tarball from the npm registry, refuses it unless its sha512 matches the
# pinned integrity (the value npm's registry publishes as dist.integrity), and copies only what the
# portal serves: the CSS, the Fira Sans faces that CSS references, and the licence.
set -euo pipefail
version=$1
integrity=$2
dest="$(cd "$(dirname "$0")/.." && pwd)/participation/static/vendor/kern"
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
command -v npm >/dev/null || { echo "make kern needs npm (only to refresh the vendored files)" >&2; exit 1; }
(cd "${work}" && npm pack --silent "@kern-ux/native@${version}" >/dev/null)
tarball="${work}/kern-ux-native-${version}.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "${tarball}" | base64 -w0)"
if [ "${actual}" != "${integrity}" ]; then
    echo "KERN ${version}: integrity mismatch" >&2
    echo "  expected ${integrity}" >&2
    echo "  got      ${actual}" >&2
    exit 1
fi
tar -xzf "${tarball}" -C "${work}"
src="${work}/package"
rm -rf "${dest}"
mkdir -p "${dest}/fonts/fira-sans"
cp "${src}/dist/kern.min.css" "${dest}/"
cp "${src}/dist/fonts/fira-sans.css" "${dest}/fonts/"
# Only the faces fira-sans.css references (weights 300 to 700, upright and italic).
grep -o 'fira-sans/[A-Za-z-]*\.woff2' "${src}/dist/fonts/fira-sans.css" | sort -u | while read -r face; do
    cp "${src}/dist/fonts/${face}" "${dest}/fonts/${face}"
done
cp "${src}/LICENSE.md" "${dest}/LICENSE.md"
cat > "${dest}/VERSION" <<NOTE
@kern-ux/native ${version} (https://www.npmjs.com/package/@kern-ux/native), licence EUPL-1.2 (LICENSE.md)
integrity ${integrity}
refreshed by: make kern (scripts/vendor_kern.sh); files: dist/kern.min.css, dist/fonts/fira-sans.css and the faces it references
NOTE
echo "KERN ${version} vendored into ${dest#"$(pwd)/"}"
