import Kernel

extension CORS {
    /// Declares `OPTIONS *` in `scope` (and, in a prefixed scope, the prefix itself).
    ///
    /// The route answers a preflight that was let through (`preflightContinue`) with an empty 200, and
    /// anything else with the kernel's 404 body, so OPTIONS behaves as if CORS were absent when CORS is
    /// off for the request. An OPTIONS route the application already declared for the same path, in this
    /// scope or inside it, wins: the plugin then skips its own (the deciding hook still answers preflights
    /// there). Declared outside this scope, its preflights would skip the hook, so that is an error. The same route
    /// declared by CORS in a sibling scope with the same prefix is an error (`FST_ERR_DUPLICATED_ROUTE`, as in
    /// Fastify): that scope's route, hooks and settings would answer this scope's preflights.
    func addOptionsRoute(to scope: Scope, registry: CORSRegistry) throws {
        let config = hideOptionsRoute ? ["hide": "true"] : ["hide": "false"]
        var paths = ["*"]
        if !scope.prefix.isEmpty { paths.append("/") }
        for path in paths {
            do {
                try scope.options(path, config: config, Self.optionsHandler)
                registry.declaredOptionsRoute(path, in: scope)
            } catch let error as KernelError where error.code == .duplicatedRoute {
                if registry.hasOptionsRoute(path, in: scope) { throw CORSRegistry.optionsRouteTaken(error) }
                if scope.declarationSite(of: .options, path) == .outsideScope { throw CORSRegistry.optionsRouteOutsideScope(error) }
                continue
            }
        }
    }

    /// The `OPTIONS *` handler.
    static let optionsHandler: Handler = { request, reply in
        if request.decoration(CORSRequestState.key)?.preflightContinued == true {
            reply.send()
            return
        }
        let message = "Route \(request.method.rawValue):\(request.url) not found"
        let quoted = (try? JSONCoding.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "\"Not Found\""
        reply.status = .notFound
        reply.type("application/json; charset=utf-8")
        reply.send("{\"message\":\(quoted),\"error\":\"Not Found\",\"statusCode\":404}")
    }
}
