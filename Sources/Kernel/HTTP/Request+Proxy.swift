extension Request {
    /// The client address: the peer, or with `trustProxy` the first address of `X-Forwarded-For` (the original client).
    public var ip: String { trustsProxy ? (ips.last ?? remoteAddress) : remoteAddress }

    /// With `trustProxy`, the address chain from the peer outwards: `[peer, …, client]`; else `[peer]`.
    public var ips: [String] {
        guard trustsProxy, let forwarded = headers["x-forwarded-for"] else { return [remoteAddress] }
        let hops = forwarded.split(separator: ",").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
        return [remoteAddress] + hops.reversed()
    }

    /// The `Host`, or with `trustProxy` the last `X-Forwarded-Host` value.
    public var forwardedHost: String {
        if trustsProxy, let value = headers["x-forwarded-host"]?.split(separator: ",").last { return String(value.trimmingSpaces()) }
        return host
    }

    /// `https` when a trusted proxy says so, else `http`.
    public var scheme: String {
        if trustsProxy, let value = headers["x-forwarded-proto"]?.split(separator: ",").last { return String(value.trimmingSpaces()) }
        return "http"
    }

    /// The port from ``forwardedHost``, if it has one.
    public var port: Int? {
        let host = forwardedHost
        guard let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") else { return nil }
        return Int(host[host.index(after: colon)...])
    }

    private var trustsProxy: Bool { application?.options.trustProxy ?? false }
}
