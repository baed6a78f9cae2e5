# Sourced by the scripts: puts a Swift toolchain on PATH when it is installed but not on PATH.
if ! command -v swift >/dev/null 2>&1; then
  for candidate in /opt/swift/usr/bin /opt/swift/bin /usr/share/swift/usr/bin; do
    if [ -x "$candidate/swift" ]; then export PATH="$candidate:$PATH"; break; fi
  done
fi
command -v swift >/dev/null 2>&1 || { echo "funnel: Swift 6.1 or later is needed (https://swift.org/install)" >&2; exit 1; }
