from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization


async def portal_settings(session: AsyncSession, org_id) -> dict:
    org = await session.get(Organization, org_id)
    return org.customer_portal_settings


async def vip_organizations(session: AsyncSession):
    # The product filters tags by containment: tags is used for filtering.
    return await session.scalars(
        select(Organization).where(
            Organization.tags.contains(["vip"]),
        )
    )


async def endpoints_for(session: AsyncSession, org_id, event: str):
    # The primary key finds the row: the containment test checks one document.
    return await session.scalars(
        select(Organization).where(
            Organization.customer_portal_settings.bool_op("@>")({"events": [event]}),
            Organization.id == org_id,
        )
    )


async def messages_with_file(session: AsyncSession, file_id: str):
    from app.models import Message

    return await session.scalars(select(Message.id).where(Message.files.op("@>")([{"id": file_id}])))
