from rest_framework import viewsets

from exercises.filters import ExerciseFilter
from exercises.permissions import IsStaffOrReadOnly
from exercises.selectors import equipment_list, exercise_list, muscle_group_list
from exercises.serializers import EquipmentSerializer, ExerciseSerializer, MuscleGroupSerializer


class ExerciseViewSet(viewsets.ModelViewSet):
    """The exercise catalogue: filter by modality, muscle group, equipment and difficulty."""

    serializer_class = ExerciseSerializer
    permission_classes = [IsStaffOrReadOnly]
    filterset_class = ExerciseFilter
    search_fields = ["name"]
    ordering_fields = ["name", "difficulty", "modality"]

    def get_queryset(self):
        return exercise_list()


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
