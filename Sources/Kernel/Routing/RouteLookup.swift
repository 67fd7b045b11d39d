/// The outcome of ``RouteTable/lookup(_:)`` for one request path.
enum RouteLookup<Value> {
    /// A route matched; its parameters are percent-decoded.
    case matched(Value, Parameters)
    /// No route matches (fastify answers 404).
    case notFound
    /// A parameter or wildcard the match needed holds a malformed percent-escape
    /// (fastify answers 400 `FST_ERR_BAD_URL`).
    case badURL
    /// Nothing matched and at least one candidate failed only because a parameter exceeded
    /// ``RouterOptions/maxParamLength`` (fastify answers 414 `FST_ERR_MAX_PARAM_LENGTH`).
    case paramTooLong
}

extension RouteLookup: Sendable where Value: Sendable {}

extension RouteLookup {
    /// The matched value, or `nil` for every other outcome.
    var value: Value? {
        if case .matched(let value, _) = self { return value }
        return nil
    }

    /// The matched parameters, or `nil` for every other outcome.
    var parameters: Parameters? {
        if case .matched(_, let parameters) = self { return parameters }
        return nil
    }
}
