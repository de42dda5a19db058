#!/usr/bin/env bash
# A real single-node Slurm cluster on loopback, for running and testing casus sweeps.
#
#   deploy/slurm/cluster.sh install          # Debian packages: slurmctld slurmd slurm-client munge
#   deploy/slurm/cluster.sh start DIR        # munged, slurmctld, slurmd under DIR; waits until idle
#   deploy/slurm/cluster.sh env DIR          # prints the SLURM_CONF export for client commands
#   deploy/slurm/cluster.sh stop DIR         # stops exactly the daemons it started (by pid)
#
# Works without systemd or cgroups (each daemon runs in the foreground, backgrounded here, with
# proctrack/linuxproc and task/none). All traffic stays on 127.0.0.1.
set -euo pipefail

cmd=${1:-}
S=${2:-}
# slurmctld only runs on the host named in SlurmctldHost: use this machine's short name.
NODE=${CASUS_SLURM_NODE:-$(hostname -s)}
CTLD_PORT=${CASUS_SLURMCTLD_PORT:-16817}
SLURMD_PORT=${CASUS_SLURMD_PORT:-16818}

die() { echo "cluster.sh: $*" >&2; exit 1; }

case "$cmd" in
install)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
  ;;
start)
  [ -n "$S" ] || die "usage: cluster.sh start DIR"
  for b in munged slurmctld slurmd sinfo; do command -v "$b" >/dev/null || die "$b is not installed: run 'cluster.sh install'"; done
  mkdir -p "$S"/{etc,state,spool,log,out,munge/run,munge/log}
  S=$(cd "$S" && pwd)
  install -d -m700 "$S/munge/etc" "$S/munge/lib"
  [ -f "$S/munge/etc/munge.key" ] || { head -c 1024 /dev/urandom > "$S/munge/etc/munge.key"; chmod 400 "$S/munge/etc/munge.key"; }
  CPUS=$(nproc)
  cat > "$S/etc/slurm.conf" <<CONF
ClusterName=casus
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$S/munge/run/munge.socket.2
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/state/slurmctld.pid
SlurmdPidFile=$S/spool/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
MailProg=/bin/true
CommunicationParameters=NoInAddrAny
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$S/log/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SwitchType=switch/none
MaxArraySize=10001
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$S/etc/slurm.conf
  setsid munged -F --key-file="$S/munge/etc/munge.key" --socket="$S/munge/run/munge.socket.2" \
    --log-file="$S/munge/log/munged.log" --pid-file="$S/munge/run/munged.pid" \
    --seed-file="$S/munge/lib/munged.seed" </dev/null >"$S/log/munged.out" 2>&1 &
  echo $! > "$S/munged.pid"
  for _ in $(seq 100); do [ -S "$S/munge/run/munge.socket.2" ] && break; sleep 0.1; done
  [ -S "$S/munge/run/munge.socket.2" ] || { "$0" stop "$S"; die "munged did not start (see $S/log/munged.out)"; }
  setsid slurmctld -D -i -f "$SLURM_CONF" </dev/null >"$S/log/ctld.out" 2>&1 &
  echo $! > "$S/ctld.pid"
  setsid slurmd -D -N "$NODE" -f "$SLURM_CONF" </dev/null >"$S/log/slurmd.out" 2>&1 &
  echo $! > "$S/slurmd.pid"
  deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    state=$(timeout 3 sinfo -h -N -o %T 2>/dev/null || true)
    [ "$state" = "idle" ] && { echo "slurm cluster up: export SLURM_CONF=$SLURM_CONF"; exit 0; }
    sleep 0.2
  done
  "$0" stop "$S"
  die "the node did not become idle within 30 s (see $S/log); daemons stopped"
  ;;
env)
  [ -n "$S" ] || die "usage: cluster.sh env DIR"
  echo "export SLURM_CONF=$(cd "$S" && pwd)/etc/slurm.conf"
  ;;
stop)
  [ -n "$S" ] || die "usage: cluster.sh stop DIR"
  for f in slurmd ctld munged; do
    if [ -f "$S/$f.pid" ]; then
      pid=$(cat "$S/$f.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$S/$f.pid"
    fi
  done
  ;;
*)
  die "usage: cluster.sh install | start DIR | env DIR | stop DIR"
  ;;
esac
