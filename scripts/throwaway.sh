# Shared by the with-*.sh scripts, which each run a command beside a throwaway server of its
# own (sourced, not run):
#   free_port                   prints a port on 127.0.0.1 that nothing listens on
#   stop_server PIDFILE DIR     stops the server whose pid PIDFILE holds (waiting up to 5 s
#                               for it to go) and removes its folder DIR
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_server() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$2"
}
