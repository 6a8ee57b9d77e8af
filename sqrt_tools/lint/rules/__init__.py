"""Every lint rule, one module each. The order here is the order of `sqrt rule --all`."""

from sqrt_tools.lint.rule import Rule
from sqrt_tools.lint.rules.conflicting_checks import ConflictingChecks
from sqrt_tools.lint.rules.double_escaped_regex import DoubleEscapedRegex
from sqrt_tools.lint.rules.duplicate_let import DuplicateLet
from sqrt_tools.lint.rules.duplicate_set_element import DuplicateSetElement
from sqrt_tools.lint.rules.duplicate_tool_policy import DuplicateToolPolicy
from sqrt_tools.lint.rules.empty_consumers import EmptyConsumers
from sqrt_tools.lint.rules.empty_range import EmptyRange
from sqrt_tools.lint.rules.invalid_datetime import InvalidDatetime
from sqrt_tools.lint.rules.invalid_regex import InvalidRegex
from sqrt_tools.lint.rules.invalid_wildcard import InvalidWildcard
from sqrt_tools.lint.rules.keyword_synonym import KeywordSynonym
from sqrt_tools.lint.rules.kind_mismatch import KindMismatch
from sqrt_tools.lint.rules.let_naming import LetNaming
from sqrt_tools.lint.rules.literal_regex_tool_id import LiteralRegexToolId
from sqrt_tools.lint.rules.missing_doc_comment import MissingDocComment
from sqrt_tools.lint.rules.pattern_in_metadata_set import PatternInMetadataSet
from sqrt_tools.lint.rules.redos_regex import RedosRegex
from sqrt_tools.lint.rules.redundant_set_op import RedundantSetOp
from sqrt_tools.lint.rules.regex_matches_no_tool import RegexMatchesNoTool
from sqrt_tools.lint.rules.result_in_check import ResultInCheck
from sqrt_tools.lint.rules.result_in_session_before import ResultInSessionBefore
from sqrt_tools.lint.rules.session_value import SessionValue
from sqrt_tools.lint.rules.subject_in_check import SubjectInCheck
from sqrt_tools.lint.rules.syntax_error import SyntaxError_
from sqrt_tools.lint.rules.unanchored_tool_regex import UnanchoredToolRegex
from sqrt_tools.lint.rules.unconstrained_side_effect import UnconstrainedSideEffect
from sqrt_tools.lint.rules.uncovered_tool import UncoveredTool
from sqrt_tools.lint.rules.undefined_name import UndefinedName
from sqrt_tools.lint.rules.universal_tags import UniversalTags
from sqrt_tools.lint.rules.unknown_argument import UnknownArgument
from sqrt_tools.lint.rules.unknown_suppression import UnknownSuppression
from sqrt_tools.lint.rules.unknown_tool import UnknownTool
from sqrt_tools.lint.rules.unreachable_check import UnreachableCheck
from sqrt_tools.lint.rules.unused_let import UnusedLet
from sqrt_tools.lint.rules.unused_suppression import UnusedSuppression
from sqrt_tools.lint.rules.use_before_definition import UseBeforeDefinition
from sqrt_tools.lint.rules.value_outside_schema import ValueOutsideSchema

ALL_RULES: tuple[Rule, ...] = (
    SyntaxError_(),
    UnusedSuppression(),
    UnknownSuppression(),
    UndefinedName(),
    UseBeforeDefinition(),
    DuplicateLet(),
    KindMismatch(),
    ResultInSessionBefore(),
    ResultInCheck(),
    SessionValue(),
    InvalidRegex(),
    InvalidWildcard(),
    InvalidDatetime(),
    EmptyRange(),
    ConflictingChecks(),
    UnreachableCheck(),
    EmptyConsumers(),
    DuplicateToolPolicy(),
    SubjectInCheck(),
    UnanchoredToolRegex(),
    LiteralRegexToolId(),
    RedosRegex(),
    PatternInMetadataSet(),
    UniversalTags(),
    DoubleEscapedRegex(),
    UnusedLet(),
    DuplicateSetElement(),
    RedundantSetOp(),
    KeywordSynonym(),
    LetNaming(),
    MissingDocComment(),
    UnknownTool(),
    RegexMatchesNoTool(),
    UnknownArgument(),
    ValueOutsideSchema(),
    UncoveredTool(),
    UnconstrainedSideEffect(),
)

__all__ = ["ALL_RULES"]
