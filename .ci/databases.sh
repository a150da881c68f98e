# Spindle CI: the real database servers that net.dbapi's integration tests (it/, spindle.it.dbapi)
# talk to. Sourced by .ci/run; safe to source again and again (everything is installed, started
# or created only when missing). Needs root for apt-get and to start the servers.
#
# Exports, for the tests (they default to these same values when the variables are unset):
#   SPINDLE_PG_URL, SPINDLE_PG_USER, SPINDLE_PG_PASSWORD
#   SPINDLE_MARIADB_URL, SPINDLE_MARIADB_USER, SPINDLE_MARIADB_PASSWORD
# A variable that is already set is kept, and the matching local server is then left alone: that
# is how a developer points the tests at servers of their own.

spindle_db_log() { printf '== databases: %s\n' "$*"; }

# PostgreSQL 15: the Debian cluster "15 main", a role and a database for the tests.
spindle_pg_setup() {
  local user=spindle password=spindle db=spindle_test i
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    spindle_db_log "PostgreSQL is not installed (pg_ctlcluster missing); PostgreSQL tests will fail or skip"
    return 1
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    spindle_db_log "starting PostgreSQL 15"
    pg_ctlcluster --skip-systemctl-redirect 15 main start || true
  fi
  for i in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 0.5
  done
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    spindle_db_log "PostgreSQL does not accept connections on 127.0.0.1:5432"
    return 1
  fi
  local psql="runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA"
  if [ "$($psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
    spindle_db_log "creating PostgreSQL role $user"
    $psql -c "CREATE ROLE $user LOGIN PASSWORD '$password'"
  fi
  if [ "$($psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    spindle_db_log "creating PostgreSQL database $db"
    $psql -c "CREATE DATABASE $db OWNER $user"
  fi
  export SPINDLE_PG_URL="jdbc:postgresql://127.0.0.1:5432/$db"
  export SPINDLE_PG_USER="$user" SPINDLE_PG_PASSWORD="$password"
}

# MariaDB: installed when missing, mariadbd started in the background, a TCP user and database.
spindle_mariadb_setup() {
  local user=spindle password=spindle db=spindle_test i
  if ! command -v mariadbd >/dev/null 2>&1; then
    spindle_db_log "installing mariadb-server"
    if declare -F apt_install >/dev/null; then
      apt_install mariadb-server
    else
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
    fi
  fi
  if ! mariadb-admin ping --silent >/dev/null 2>&1; then
    spindle_db_log "starting mariadbd"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    if [ ! -d /var/lib/mysql/mysql ]; then
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
    fi
    # setsid + nohup: the server must outlive the shell that sourced this file.
    setsid nohup mariadbd --user=mysql --bind-address=127.0.0.1 --port=3306 \
      >/var/log/spindle-mariadbd.log 2>&1 < /dev/null &
  fi
  for i in $(seq 1 120); do
    mariadb-admin ping --silent >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! mariadb-admin ping --silent >/dev/null 2>&1; then
    spindle_db_log "MariaDB does not answer (see /var/log/spindle-mariadbd.log)"
    return 1
  fi
  mariadb -uroot -e "
    CREATE DATABASE IF NOT EXISTS $db;
    CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
    CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
    GRANT ALL PRIVILEGES ON $db.* TO '$user'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON $db.* TO '$user'@'localhost';
    FLUSH PRIVILEGES;"
  export SPINDLE_MARIADB_URL="jdbc:mariadb://127.0.0.1:3306/$db"
  export SPINDLE_MARIADB_USER="$user" SPINDLE_MARIADB_PASSWORD="$password"
}

if [ -n "${SPINDLE_PG_URL:-}" ]; then
  spindle_db_log "PostgreSQL: using SPINDLE_PG_URL=$SPINDLE_PG_URL (local server left alone)"
else
  spindle_pg_setup || spindle_db_log "PostgreSQL set-up failed"
fi
if [ -n "${SPINDLE_MARIADB_URL:-}" ]; then
  spindle_db_log "MariaDB: using SPINDLE_MARIADB_URL=$SPINDLE_MARIADB_URL (local server left alone)"
else
  spindle_mariadb_setup || spindle_db_log "MariaDB set-up failed"
fi
