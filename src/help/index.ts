// Why: the public surface of the help texts for the UI (tooltips, info popovers, first-run tour).
export {
  BACKTEST_RULES,
  HELP,
  HELP_TOPIC_IDS,
  TOUR_STEPS,
  helpFor,
  topicsIn,
  type HelpGroup,
  type HelpTopic,
  type HelpTopicId,
  type TourStep,
} from './topics';
