from django.db import transaction
from django.db.models import ProtectedError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets

from coachsite.errors import ApplicationError
from exercises.filters import ExerciseFilter
from exercises.permissions import IsStaffOrReadOnly
from exercises.selectors import equipment_list, exercise_list, muscle_group_list
from exercises.serializers import EquipmentSerializer, ExerciseSerializer, MuscleGroupSerializer


@extend_schema_view(
    destroy=extend_schema(
        responses={
            204: None,
            409: OpenApiResponse(OpenApiTypes.OBJECT, description="Used by WODs; deactivate it."),
        }
    )
)
class ExerciseViewSet(viewsets.ModelViewSet):
    """The exercise catalogue: filter by modality, muscle group, equipment, difficulty, role,
    pattern, cap group and family."""

    serializer_class = ExerciseSerializer
    permission_classes = [IsStaffOrReadOnly]
    filterset_class = ExerciseFilter
    search_fields = ["name"]
    ordering_fields = ["name", "difficulty", "modality"]

    def get_queryset(self):
        return exercise_list()

    # An exercise and its muscle groups and equipment are written in one transaction, so a
    # reader that sees the exercise's new `updated_at` sees its equipment too (wods/catalogue.py).
    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as error:
            raise ApplicationError(
                "This exercise is part of existing WODs; deactivate it (is_active=false) instead.",
                status_code=status.HTTP_409_CONFLICT,
            ) from error


class MuscleGroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MuscleGroupSerializer
    pagination_class = None

    def get_queryset(self):
        return muscle_group_list()


class EquipmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EquipmentSerializer
    pagination_class = None

    def get_queryset(self):
        return equipment_list()
