from django.urls import path

from svc.web import views

urlpatterns = [path("r/", views.referenced)]
