from django.core.management.base import BaseCommand

from marketplace.warehouse.reservations import delete_expired_reservations


class Command(BaseCommand):
    help = "Delete checkout stock reservations whose time has passed."

    def handle(self, *args, **options) -> None:
        deleted = delete_expired_reservations()
        self.stdout.write(f"Deleted {deleted} expired reservation(s).")
