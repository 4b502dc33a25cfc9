#!/usr/bin/env bash
# Refresh the map page's third-party assets under resources/web/vendor/ from the npm registry
# (the app never fetches anything at run time). Pinned versions; each package keeps its licence.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=resources/web/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # package version files...
    local package=$1 version=$2; shift 2
    local name=${package##*/}
    (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
    local tarball
    tarball=$(ls "$work"/*"$name"-"$version".tgz)
    mkdir -p "$work/$name" && tar -xzf "$tarball" -C "$work/$name"
    rm -rf "${dest:?}/$name" && mkdir -p "$dest/$name"
    for file in "$@"; do
        local target=${file#dist/}  # flattened: "dist/" is ignored by git here
        mkdir -p "$dest/$name/$(dirname "$target")"
        cp -r "$work/$name/package/$file" "$dest/$name/$target"
    done
    echo "$package $version" > "$dest/$name/VERSION"
}

fetch leaflet 1.9.4 LICENSE dist/leaflet.js dist/leaflet.css dist/images
fetch leaflet.markercluster 1.5.3 MIT-LICENCE.txt dist/leaflet.markercluster.js \
    dist/MarkerCluster.css dist/MarkerCluster.Default.css
echo "vendored into $dest:"
find "$dest" -type f | sort
