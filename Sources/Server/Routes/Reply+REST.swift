import Kernel

/// The REST answers the resource routes share: a new resource with its `Location`, and an empty success.
extension Reply {
    /// Answers `status` (201 Created by default, 202 for work that has only started) with `value` as JSON
    /// and a `Location` header naming the new resource.
    ///
    /// ```swift
    /// reply.sendNew(project, at: "\(base)/projects/\(project.id)")
    /// ```
    mutating func sendNew(_ value: some Encodable & Sendable, at location: String, status: HTTPStatus = .created) {
        self.status = status
        headers["location"] = location
        send(json: value)
    }

    /// Answers 204 No Content.
    mutating func sendNoContent() {
        status = .noContent
        send()
    }
}

extension APIErrors {
    /// `value`, or the 404 for the `entity` named `id` when there is none.
    static func found<Value>(_ value: Value?, _ entity: String, id: String) throws(KernelError) -> Value {
        guard let value else { throw notFound(entity, id: id) }
        return value
    }

    /// Nothing when the `entity` named `id` existed (e.g. it was deleted), else its 404.
    static func found(_ existed: Bool, _ entity: String, id: String) throws(KernelError) {
        guard existed else { throw notFound(entity, id: id) }
    }
}
