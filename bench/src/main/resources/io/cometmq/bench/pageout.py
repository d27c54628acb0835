#!/usr/bin/env python3
"""Pages out a live process's mappings of files under given directories: process_madvise(MADV_PAGEOUT).

Usage: pageout.py PID DIR [DIR ...]; prints "<mappings> <bytes advised>".
drop_caches and posix_fadvise(DONTNEED) skip pages that a process has mapped, and a broker keeps its commit log
mapped, so without this its store stays in memory. Needs Linux >= 5.10 and CAP_SYS_NICE (root).
"""
import ctypes
import os
import sys

SYS_PIDFD_OPEN = 434        # x86_64 and aarch64 share these numbers (the "generic" table since 5.x)
SYS_PROCESS_MADVISE = 440
MADV_PAGEOUT = 21


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]


def mappings(pid, dirs):
    prefixes = tuple(os.path.join(os.path.realpath(d), "") for d in dirs)
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split(None, 5)
            if len(fields) == 6 and fields[5].strip().startswith(prefixes):
                start, end = (int(x, 16) for x in fields[0].split("-"))
                yield start, end - start


def main():
    pid, dirs = int(sys.argv[1]), sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    pidfd = libc.syscall(SYS_PIDFD_OPEN, pid, 0)
    if pidfd < 0:
        sys.exit(f"pidfd_open({pid}): {os.strerror(ctypes.get_errno())}")
    count = advised = 0
    for start, length in mappings(pid, dirs):
        iov = IoVec(start, length)
        done = libc.syscall(SYS_PROCESS_MADVISE, pidfd, ctypes.byref(iov), ctypes.c_ulong(1),
                            MADV_PAGEOUT, ctypes.c_uint(0))
        if done < 0:
            sys.exit(f"process_madvise({pid}, MADV_PAGEOUT): {os.strerror(ctypes.get_errno())}")
        count += 1
        advised += done
    os.close(pidfd)
    print(count, advised)


if __name__ == "__main__":
    main()
