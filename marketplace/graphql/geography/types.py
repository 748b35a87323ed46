from __future__ import annotations

import graphene

from marketplace.geography import models


class Province(graphene.ObjectType):
    code = graphene.String(required=True, description="Official code of the province or centrally-run city.")
    name = graphene.String(required=True, description="Name without its kind, e.g. 'Thái Nguyên'.")
    full_name = graphene.String(required=True, description="Name with its kind, e.g. 'Tỉnh Thái Nguyên'.")

    class Meta:
        description = "A province or centrally-run city of Vietnam (34 since 1 July 2025)."

    @classmethod
    def is_type_of(cls, root: object, info: graphene.ResolveInfo) -> bool:
        return isinstance(root, models.Province)


class Commune(graphene.ObjectType):
    code = graphene.String(required=True, description="Official code of the commune, ward or special zone.")
    name = graphene.String(required=True, description="Name with its kind, e.g. 'Phường Hà Tu'.")

    class Meta:
        description = "A commune, ward or special zone of Vietnam."

    @classmethod
    def is_type_of(cls, root: object, info: graphene.ResolveInfo) -> bool:
        return isinstance(root, models.Commune)
