# Finds a JDK 25 for Spindle's scripts: ./mvnw, samples/run, bench/run, .ci/run and demo source
# this file (POSIX sh) and call spindle_use_jdk25, which exports JAVA_HOME and puts its bin first
# on PATH, or prints why not and returns 1. Looked at, in order: $JAVA_HOME, the javac on PATH,
# then the usual install places (Debian's /usr/lib/jvm, /opt, SDKMAN, IntelliJ's ~/.jdks, macOS).
# The first JDK 25 wins; a machine whose first java is 17 still builds, as the README promises.

spindle_jdk_major() { # spindle_jdk_major DIR: prints the feature version of the JDK in DIR
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
  fi
}

spindle_find_jdk25() { # prints the home of the first JDK 25 found, or returns 1
  spindle_glob_was_off=0
  case $- in *f*) spindle_glob_was_off=1; set +f ;; esac
  spindle_found=""
  spindle_path_javac="$(command -v javac 2>/dev/null || true)"
  if [ -n "$spindle_path_javac" ]; then
    spindle_path_javac="$(dirname "$(dirname "$(readlink -f "$spindle_path_javac")")")"
  fi
  for spindle_d in "${JAVA_HOME:-}" "$spindle_path_javac" /usr/lib/jvm/*25* /usr/lib/jvm/* \
      /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$spindle_d" ] && [ -x "$spindle_d/bin/javac" ] || continue
    if [ "$(spindle_jdk_major "$spindle_d")" = 25 ]; then spindle_found="$spindle_d"; break; fi
  done
  [ "$spindle_glob_was_off" = 1 ] && set -f
  [ -n "$spindle_found" ] || return 1
  printf '%s\n' "$spindle_found"
}

spindle_use_jdk25() { # spindle_use_jdk25 WHO: exports JAVA_HOME and PATH, or explains and fails
  if spindle_home="$(spindle_find_jdk25)"; then
    JAVA_HOME="$spindle_home"
    PATH="$JAVA_HOME/bin:$PATH"
    export JAVA_HOME PATH
    return 0
  fi
  echo "$1: Spindle needs a JDK 25 and found none (looked at \$JAVA_HOME, the javac on PATH," \
       "/usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks). Install one, or set JAVA_HOME to it." >&2
  return 1
}
