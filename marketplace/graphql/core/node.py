"""``node(id:)``: fetch any object by its global ID, with the same
visibility rules as the object's own query."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _
from graphene import relay

from marketplace.graphql.core.errors import INVALID, ApiError
from marketplace.graphql.core.ids import decode_global_id, from_global_id_or_error


def resolve_node(info: graphene.ResolveInfo, global_id: str) -> Any:
    type_name, _raw = decode_global_id(global_id)
    schema_type = info.schema.get_type(type_name)
    graphene_type = getattr(schema_type, "graphene_type", None)
    if graphene_type is None or relay.Node not in getattr(graphene_type._meta, "interfaces", ()):
        raise ApiError(_("Không có loại đối tượng %(type)s.") % {"type": type_name}, code=INVALID)
    return graphene_type.get_node(info, from_global_id_or_error(global_id, type_name))


class NodeQueries(graphene.ObjectType):
    node = graphene.Field(
        relay.Node, id=graphene.ID(required=True, description="The ID of the object."), description="Fetch any object."
    )

    @staticmethod
    def resolve_node(root: None, info: graphene.ResolveInfo, id: str) -> Any:
        return resolve_node(info, id)
