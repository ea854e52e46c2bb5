"""What search says about a postcode in a district Royal Mail has retired: the ONS lookup still lists
the old codes (terminated) at the same places as their replacements, so a search finds them; the
region's manifest names each retired district and the one that replaced it."""

from __future__ import annotations

from geodata.region import Region


def retired_notice(outward: str, region: Region) -> str:
    """The warning for a postcode, sector or district in ``outward`` ("" when it is current)."""
    if outward not in region.retired_districts:
        return ""
    successor = region.successor_districts.get(outward)
    replaced = (
        f"Royal Mail replaced it with {successor}: the same addresses now have {successor} "
        "postcodes, which letters, forms and door-knocking lists should use."
        if successor
        else "Royal Mail has replaced it with another district."
    )
    return (
        f"Retired postcode: district {outward} is no longer in use. {replaced} "
        "The ONS lookup still places the old code (terminated), so it is shown where it was."
    )
