import {
  validateRegistrationAnswers,
  type FieldIssue,
  type RegistrationForm,
} from '@signupassist/contract';
import type { StoredRequest } from '../ledger/types.js';

/**
 * Paths of the contract's category and participant-count issues. The hub replaces them with
 * {@link participantIssues}, which reports each problem once.
 */
function isParticipantIssue(issue: FieldIssue): boolean {
  return issue.path === 'participants' || /^participants\.\d+\.category$/.test(issue.path);
}

/**
 * Checks participant categories and counts, reporting each problem once. The contract's
 * validator reports a wrong category id a second time, as a missing participant of the
 * expected category. It also reports too many participants twice when the only category has
 * the same limits as the whole booking. Neither second issue is raised here.
 */
export function participantIssues(
  form: RegistrationForm,
  participants: StoredRequest['participants'],
): FieldIssue[] {
  const known = new Set(form.participantCategories.map((category) => category.id));
  const choices = form.participantCategories
    .map((category) => `${category.id} (${category.label})`)
    .join(', ');
  const issues: FieldIssue[] = [];
  participants.forEach((participant, index) => {
    if (!known.has(participant.category)) {
      issues.push({
        path: `participants.${index}.category`,
        message: `must be one of the category ids: ${choices}`,
      });
    }
  });
  const unknownCategory = issues.length > 0;

  const total = participants.length;
  const totalInvalid = total < form.minParticipants || total > form.maxParticipants;
  if (totalInvalid) {
    issues.push({
      path: 'participants',
      message: `between ${form.minParticipants} and ${form.maxParticipants} participants are allowed, got ${total}`,
    });
  }

  for (const category of form.participantCategories) {
    const count = participants.filter((participant) => participant.category === category.id).length;
    // A participant with an unknown category may be meant for this one, so a shortfall is
    // not reported until the category ids are fixed.
    const tooFew = count < category.min && !unknownCategory;
    if (!tooFew && count <= category.max) continue;
    const sameLimits =
      category.min === form.minParticipants && category.max === form.maxParticipants;
    if (totalInvalid && sameLimits) continue;
    issues.push({
      path: 'participants',
      message: `${category.label} (${category.id}): between ${category.min} and ${category.max} allowed, got ${count}`,
    });
  }
  return issues;
}

/** Checks a request's answers against the form: the contract's checks with participant issues once each. */
export function answerIssues(form: RegistrationForm, request: StoredRequest): FieldIssue[] {
  const issues = validateRegistrationAnswers(form, request).filter(
    (issue) => !isParticipantIssue(issue),
  );
  return [...issues, ...participantIssues(form, request.participants)];
}
