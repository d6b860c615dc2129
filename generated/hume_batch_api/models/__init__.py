"""Contains all the data models used in inputs/outputs"""

from .bcp_47_tag import Bcp47Tag
from .bounding_box import BoundingBox
from .burst_group import BurstGroup
from .burst_model_result import BurstModelResult
from .burst_prediction import BurstPrediction
from .direction import Direction
from .emotion_score import EmotionScore
from .error_message import ErrorMessage
from .face import Face
from .face_echo import FaceEcho
from .face_group import FaceGroup
from .face_model_result import FaceModelResult
from .face_prediction import FacePrediction
from .facemesh_group import FacemeshGroup
from .facemesh_model_result import FacemeshModelResult
from .facemesh_prediction import FacemeshPrediction
from .file import File
from .gateway_fault import GatewayFault
from .gateway_fault_fault import GatewayFaultFault
from .gateway_fault_fault_detail import GatewayFaultFaultDetail
from .granularity import Granularity
from .inference_base_request import InferenceBaseRequest
from .inference_job import InferenceJob
from .inference_prediction import InferencePrediction
from .inference_request import InferenceRequest
from .inference_results import InferenceResults
from .job_id import JobId
from .job_request_unknown import JobRequestUnknown
from .language import Language
from .language_echo import LanguageEcho
from .language_group import LanguageGroup
from .language_model_result import LanguageModelResult
from .language_prediction import LanguagePrediction
from .local_file_job_request import LocalFileJobRequest
from .models import Models
from .models_echo import ModelsEcho
from .models_predictions import ModelsPredictions
from .ner import Ner
from .ner_echo import NerEcho
from .ner_group import NerGroup
from .ner_model_result import NerModelResult
from .ner_prediction import NerPrediction
from .null_metadata_type_1 import NullMetadataType1
from .position_interval import PositionInterval
from .prediction_error import PredictionError
from .prosody import Prosody
from .prosody_echo import ProsodyEcho
from .prosody_group import ProsodyGroup
from .prosody_model_result import ProsodyModelResult
from .prosody_prediction import ProsodyPrediction
from .score import Score
from .sort_by import SortBy
from .source_file import SourceFile
from .source_predict_result import SourcePredictResult
from .source_text import SourceText
from .source_unknown import SourceUnknown
from .source_url import SourceUrl
from .state_completed import StateCompleted
from .state_failed import StateFailed
from .state_in_progress import StateInProgress
from .state_queued import StateQueued
from .state_unknown import StateUnknown
from .status import Status
from .time_interval import TimeInterval
from .transcription import Transcription
from .transcription_echo import TranscriptionEcho
from .transcription_metadata import TranscriptionMetadata
from .unconfigurable import Unconfigurable
from .when import When
from .window import Window
from .window_echo import WindowEcho

__all__ = (
    "Bcp47Tag",
    "BoundingBox",
    "BurstGroup",
    "BurstModelResult",
    "BurstPrediction",
    "Direction",
    "EmotionScore",
    "ErrorMessage",
    "Face",
    "FaceEcho",
    "FaceGroup",
    "FacemeshGroup",
    "FacemeshModelResult",
    "FacemeshPrediction",
    "FaceModelResult",
    "FacePrediction",
    "File",
    "GatewayFault",
    "GatewayFaultFault",
    "GatewayFaultFaultDetail",
    "Granularity",
    "InferenceBaseRequest",
    "InferenceJob",
    "InferencePrediction",
    "InferenceRequest",
    "InferenceResults",
    "JobId",
    "JobRequestUnknown",
    "Language",
    "LanguageEcho",
    "LanguageGroup",
    "LanguageModelResult",
    "LanguagePrediction",
    "LocalFileJobRequest",
    "Models",
    "ModelsEcho",
    "ModelsPredictions",
    "Ner",
    "NerEcho",
    "NerGroup",
    "NerModelResult",
    "NerPrediction",
    "NullMetadataType1",
    "PositionInterval",
    "PredictionError",
    "Prosody",
    "ProsodyEcho",
    "ProsodyGroup",
    "ProsodyModelResult",
    "ProsodyPrediction",
    "Score",
    "SortBy",
    "SourceFile",
    "SourcePredictResult",
    "SourceText",
    "SourceUnknown",
    "SourceUrl",
    "StateCompleted",
    "StateFailed",
    "StateInProgress",
    "StateQueued",
    "StateUnknown",
    "Status",
    "TimeInterval",
    "Transcription",
    "TranscriptionEcho",
    "TranscriptionMetadata",
    "Unconfigurable",
    "When",
    "Window",
    "WindowEcho",
)
