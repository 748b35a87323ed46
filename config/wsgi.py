import os

from django.core.wsgi import get_wsgi_application

from config.gc_tuning import freeze_after_warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
freeze_after_warm_up()
