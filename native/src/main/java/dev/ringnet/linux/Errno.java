package dev.ringnet.linux;

/**
 * Linux errno values (from {@code asm-generic/errno-base.h} and {@code asm-generic/errno.h}, the same on x86-64
 * and aarch64) and their names, so messages say {@code ECONNRESET} rather than {@code 104}.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** No such process. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** I/O error. */
    public static final int EIO = 5;
    /** No such device or address. */
    public static final int ENXIO = 6;
    /** Argument list too long. */
    public static final int E2BIG = 7;
    /** Exec format error. */
    public static final int ENOEXEC = 8;
    /** Bad file number. */
    public static final int EBADF = 9;
    /** No child processes. */
    public static final int ECHILD = 10;
    /** Try again. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Cross-device link. */
    public static final int EXDEV = 18;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** Is a directory. */
    public static final int EISDIR = 21;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** File table overflow. */
    public static final int ENFILE = 23;
    /** Too many open files. */
    public static final int EMFILE = 24;
    /** Not a typewriter. */
    public static final int ENOTTY = 25;
    /** File too large. */
    public static final int EFBIG = 27;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Illegal seek. */
    public static final int ESPIPE = 29;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Too many links. */
    public static final int EMLINK = 31;
    /** Broken pipe. */
    public static final int EPIPE = 32;
    /** Math result not representable. */
    public static final int ERANGE = 34;
    /** Invalid system call number. */
    public static final int ENOSYS = 38;
    /** Operation not supported on transport endpoint. */
    public static final int EOPNOTSUPP = 95;
    /** Timer expired. */
    public static final int ETIME = 62;
    /** No data available. */
    public static final int ENODATA = 61;
    /** No buffer space available. */
    public static final int ENOBUFS = 105;
    /** Socket operation on non-socket. */
    public static final int ENOTSOCK = 88;
    /** Destination address required. */
    public static final int EDESTADDRREQ = 89;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Protocol wrong type for socket. */
    public static final int EPROTOTYPE = 91;
    /** Protocol not available. */
    public static final int ENOPROTOOPT = 92;
    /** Protocol not supported. */
    public static final int EPROTONOSUPPORT = 93;
    /** Socket type not supported. */
    public static final int ESOCKTNOSUPPORT = 94;
    /** Protocol family not supported. */
    public static final int EPFNOSUPPORT = 96;
    /** Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = 97;
    /** Address already in use. */
    public static final int EADDRINUSE = 98;
    /** Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = 99;
    /** Network is down. */
    public static final int ENETDOWN = 100;
    /** Network is unreachable. */
    public static final int ENETUNREACH = 101;
    /** Network dropped connection because of reset. */
    public static final int ENETRESET = 102;
    /** Software caused connection abort. */
    public static final int ECONNABORTED = 103;
    /** Connection reset by peer. */
    public static final int ECONNRESET = 104;
    /** Transport endpoint is already connected. */
    public static final int EISCONN = 106;
    /** Transport endpoint is not connected. */
    public static final int ENOTCONN = 107;
    /** Cannot send after transport endpoint shutdown. */
    public static final int ESHUTDOWN = 108;
    /** Connection timed out. */
    public static final int ETIMEDOUT = 110;
    /** Connection refused. */
    public static final int ECONNREFUSED = 111;
    /** Host is down. */
    public static final int EHOSTDOWN = 112;
    /** No route to host. */
    public static final int EHOSTUNREACH = 113;
    /** Operation already in progress. */
    public static final int EALREADY = 114;
    /** Operation now in progress. */
    public static final int EINPROGRESS = 115;
    /** Operation Canceled. */
    public static final int ECANCELED = 125;
    /** Value too large for defined data type. */
    public static final int EOVERFLOW = 75;
    /** File descriptor in bad state. */
    public static final int EBADFD = 77;
    /** Not a data message. */
    public static final int EBADMSG = 74;
    /** Owner died. */
    public static final int EOWNERDEAD = 130;

    private Errno() {
    }

    /** The kernel's name of {@code errno}, for example {@code "EMFILE"}, or {@code "errno N"} if unknown. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ENXIO -> "ENXIO";
            case E2BIG -> "E2BIG";
            case ENOEXEC -> "ENOEXEC";
            case EBADF -> "EBADF";
            case ECHILD -> "ECHILD";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EXDEV -> "EXDEV";
            case ENODEV -> "ENODEV";
            case ENOTDIR -> "ENOTDIR";
            case EISDIR -> "EISDIR";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case ENOTTY -> "ENOTTY";
            case EFBIG -> "EFBIG";
            case ENOSPC -> "ENOSPC";
            case ESPIPE -> "ESPIPE";
            case EROFS -> "EROFS";
            case EMLINK -> "EMLINK";
            case EPIPE -> "EPIPE";
            case ERANGE -> "ERANGE";
            case ENOSYS -> "ENOSYS";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ETIME -> "ETIME";
            case ENODATA -> "ENODATA";
            case ENOBUFS -> "ENOBUFS";
            case ENOTSOCK -> "ENOTSOCK";
            case EDESTADDRREQ -> "EDESTADDRREQ";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTOTYPE -> "EPROTOTYPE";
            case ENOPROTOOPT -> "ENOPROTOOPT";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case ESOCKTNOSUPPORT -> "ESOCKTNOSUPPORT";
            case EPFNOSUPPORT -> "EPFNOSUPPORT";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ENETDOWN -> "ENETDOWN";
            case ENETUNREACH -> "ENETUNREACH";
            case ENETRESET -> "ENETRESET";
            case ECONNABORTED -> "ECONNABORTED";
            case ECONNRESET -> "ECONNRESET";
            case EISCONN -> "EISCONN";
            case ENOTCONN -> "ENOTCONN";
            case ESHUTDOWN -> "ESHUTDOWN";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EHOSTDOWN -> "EHOSTDOWN";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            case EALREADY -> "EALREADY";
            case EINPROGRESS -> "EINPROGRESS";
            case ECANCELED -> "ECANCELED";
            case EOVERFLOW -> "EOVERFLOW";
            case EBADFD -> "EBADFD";
            case EBADMSG -> "EBADMSG";
            case EOWNERDEAD -> "EOWNERDEAD";
            default -> "errno " + errno;
        };
    }

    /** The name with the header's description, for example {@code "EMFILE (too many open files)"}. */
    public static String describe(int errno) {
        String text = switch (errno) {
            case EPERM -> "operation not permitted";
            case ENOENT -> "no such file or directory";
            case ESRCH -> "no such process";
            case EINTR -> "interrupted system call";
            case EIO -> "i/o error";
            case ENXIO -> "no such device or address";
            case E2BIG -> "argument list too long";
            case ENOEXEC -> "exec format error";
            case EBADF -> "bad file number";
            case ECHILD -> "no child processes";
            case EAGAIN -> "try again";
            case ENOMEM -> "out of memory";
            case EACCES -> "permission denied";
            case EFAULT -> "bad address";
            case EBUSY -> "device or resource busy";
            case EEXIST -> "file exists";
            case EXDEV -> "cross-device link";
            case ENODEV -> "no such device";
            case ENOTDIR -> "not a directory";
            case EISDIR -> "is a directory";
            case EINVAL -> "invalid argument";
            case ENFILE -> "file table overflow";
            case EMFILE -> "too many open files";
            case ENOTTY -> "not a typewriter";
            case EFBIG -> "file too large";
            case ENOSPC -> "no space left on device";
            case ESPIPE -> "illegal seek";
            case EROFS -> "read-only file system";
            case EMLINK -> "too many links";
            case EPIPE -> "broken pipe";
            case ERANGE -> "math result not representable";
            case ENOSYS -> "invalid system call number";
            case EOPNOTSUPP -> "operation not supported on transport endpoint";
            case ETIME -> "timer expired";
            case ENODATA -> "no data available";
            case ENOBUFS -> "no buffer space available";
            case ENOTSOCK -> "socket operation on non-socket";
            case EDESTADDRREQ -> "destination address required";
            case EMSGSIZE -> "message too long";
            case EPROTOTYPE -> "protocol wrong type for socket";
            case ENOPROTOOPT -> "protocol not available";
            case EPROTONOSUPPORT -> "protocol not supported";
            case ESOCKTNOSUPPORT -> "socket type not supported";
            case EPFNOSUPPORT -> "protocol family not supported";
            case EAFNOSUPPORT -> "address family not supported by protocol";
            case EADDRINUSE -> "address already in use";
            case EADDRNOTAVAIL -> "cannot assign requested address";
            case ENETDOWN -> "network is down";
            case ENETUNREACH -> "network is unreachable";
            case ENETRESET -> "network dropped connection because of reset";
            case ECONNABORTED -> "software caused connection abort";
            case ECONNRESET -> "connection reset by peer";
            case EISCONN -> "transport endpoint is already connected";
            case ENOTCONN -> "transport endpoint is not connected";
            case ESHUTDOWN -> "cannot send after transport endpoint shutdown";
            case ETIMEDOUT -> "connection timed out";
            case ECONNREFUSED -> "connection refused";
            case EHOSTDOWN -> "host is down";
            case EHOSTUNREACH -> "no route to host";
            case EALREADY -> "operation already in progress";
            case EINPROGRESS -> "operation now in progress";
            case ECANCELED -> "operation canceled";
            case EOVERFLOW -> "value too large for defined data type";
            case EBADFD -> "file descriptor in bad state";
            case EBADMSG -> "not a data message";
            case EOWNERDEAD -> "owner died";
            default -> null;
        };
        return text == null ? name(errno) : name(errno) + " (" + text + ")";
    }
}
