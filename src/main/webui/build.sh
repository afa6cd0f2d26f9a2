#!/usr/bin/env bash
# Builds the console and the player into target/classes/web (run by Maven in generate-resources).
# Installs the npm packages the committed package-lock.json pins (npm ci) when they are missing or
# the lock changed, and skips Vite when nothing it reads changed since the last build.
set -euo pipefail
cd "$(dirname "$0")"
out=../../../target/classes/web
stamp=node_modules/.installed-lock
if ! cmp -s package-lock.json "$stamp" 2> /dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi
sources=$(find . -path ./node_modules -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64)
if [ -f "$out/assets.json" ] && [ "$(cat "$out/.sources" 2> /dev/null)" = "$sources" ]; then
    echo "console and player: unchanged since the last build"
    exit 0
fi
npx --no-install vite build --logLevel warn
echo "$sources" > "$out/.sources"
