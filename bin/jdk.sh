# Sourced by bin/demo and .ci/run: makes JAVA_HOME and PATH point at a JDK 21 or newer, or stops with a clear message.
# Order: JAVA_HOME when it is 21+, the java on PATH when it is 21+, else the newest 21+ JDK under /usr/lib/jvm
# (Debian/Ubuntu), /usr/lib/jvm/*/ and /Library/Java/JavaVirtualMachines/*/Contents/Home (macOS).

microlith_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

microlith_pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(microlith_java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  if command -v javac >/dev/null && [ "$(microlith_java_major "$(command -v java)")" -ge 21 ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    return 0
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major="$(microlith_java_major "$candidate/bin/java")"
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "Microlith needs a JDK 21 or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}, java on PATH: $(command -v java || echo none))." >&2
    echo "Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME="$best"
}

microlith_pick_jdk || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
