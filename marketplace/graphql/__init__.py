"""The GraphQL API at ``/graphql/``, in the shape of Saleor's storefront API.

Layout: ``core/`` holds what every area shares — ``connection.paginate`` (the
one keyset paginator; cursors are signed), ``errors`` (request-level
``ApiError`` codes and ``domain_errors``), ``mutations.BaseMutation`` (returns
``errors { field code message }``), ``ids`` (global IDs), ``context``
(``ChannelContext``, operator check), ``enums``, ``money``, ``selection``
(fields a query selects, for planning prefetches). Each area (``product/``,
``channel/``, ``account/``, ``seller/``) has its types and a ``schema.py``
with its queries; ``marketplace.graphql.schema`` composes them.

Adding a mutation: subclass ``BaseMutation`` with ``Meta.error_type_class``
set to the area's error type (``AccountError``, ``ProductError``, ...),
parse the input, call one service, and return ``cls(..., errors=[])``. A
``DomainError`` raised by the service becomes the ``errors`` list; add any new
code the service raises to the area's code set (e.g. ``product/errors.py``).
"""
