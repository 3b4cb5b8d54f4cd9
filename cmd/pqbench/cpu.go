package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU time per query: what the query process spent, plus, for an engine
// that answers from a server, what the server's processes spent. Parallel
// shards and threads answer faster than one core could; their CPU-seconds
// say what they cost.

// serverCPU is implemented by queriers whose engine works in other
// processes (searchd, PostgreSQL's backends).
type serverCPU interface {
	serverCPU() time.Duration
}

// selfCPU is the CPU time this process has used, every thread included.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuOf sums what a querier's work has cost so far.
func cpuOf(q querier) time.Duration {
	cpu := selfCPU()
	if s, ok := q.(serverCPU); ok {
		cpu += s.serverCPU()
	}
	return cpu
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux.
const clockTicks = 100

// procStat reads a process's parent and CPU times from /proc/PID/stat:
// its own (utime + stime) and its reaped children's (cutime + cstime).
func procStat(pid int) (ppid int, own, children time.Duration, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, 0, 0, false
	}
	// The command name is in parentheses and may hold spaces.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, 0, false
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3, the state
	if len(f) < 15 {
		return 0, 0, 0, false
	}
	num := func(k int) int64 { n, _ := strconv.ParseInt(f[k], 10, 64); return n }
	tick := func(n int64) time.Duration { return time.Duration(n) * time.Second / clockTicks }
	return int(num(1)), tick(num(11) + num(12)), tick(num(13) + num(14)), true
}

// treeCPU is the CPU time of a server: the process itself, its reaped
// children, and its live children (PostgreSQL's backends and workers).
func treeCPU(root int) time.Duration {
	_, own, reaped, ok := procStat(root)
	if !ok {
		return 0
	}
	total := own + reaped
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == root {
			continue
		}
		if ppid, own, _, ok := procStat(pid); ok && ppid == root {
			total += own
		}
	}
	return total
}
