# The served path of `ovl`, sourced by /usr/bin/ovl (installed as /opt/ovl/lib/served.sh) and by the checkout's
# ./ovl. ovl_subcommand sets $sub; ovl_served sends the command to the resident server on $sock, through
# ng-nailgun for the commands that leave layers as they were (a Ctrl-C kills ng-nailgun at once, and the server's
# cleanup may end after it), else through client() (the caller's JDK-only client, which holds a Ctrl-C until the
# rollback is done), and exits with its code. It returns when the command must run locally: exit 75, or 230
# (ng-nailgun's "cannot connect"): no server, a server that failed before starting the command, a client in
# another mount namespace or root than the server's, or a command that must run here. Nothing here forks.

ovl_subcommand() {
  sub='' val=''
  for a do
    if [ -n "$val" ]; then val=''; continue; fi
    case $a in
      --root|--runroot|-o|--storage-opt|--log-level) val=1 ;;
      -*) ;;
      *) sub=$a; break ;;
    esac
  done
}

ovl_served() {
  case $sub in
    ''|status|layers|changes|diff-size|diff|metadata|check|mount|unmount)
      if command -v ng-nailgun >/dev/null; then
        # The server runs only what a client in its own mount namespace and root asks for; the JDK client says
        # itself which it sees, ng-nailgun passes this on: the first mount it sees (a builtin, no fork).
        ns=''
        { read -r ns </proc/self/mountinfo; } 2>/dev/null
        OVL_NS=$ns NAILGUN_SERVER=local:$sock ng-nailgun ovl "$@"
        rc=$?
        # 227: the connection broke, before or during the command. Run it here only when the server answers no
        # probe either (it fails as it starts), never after a server that answers lost it mid-way.
        if [ "$rc" -eq 227 ]; then
          NAILGUN_SERVER=local:$sock ng-nailgun ovl --version >/dev/null 2>&1
          case $? in 227|230) rc=75 ;; esac
        fi
      else
        client "$@"
        rc=$?
      fi ;;
    *)
      client "$@"
      rc=$? ;;
  esac
  [ "$rc" -eq 75 ] || [ "$rc" -eq 230 ] || exit "$rc"
}
