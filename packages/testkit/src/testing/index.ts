export { isContinuousIntegration, requireServer, START_SERVERS_COMMAND, ServerUnavailableError, type ServerProbe } from './requireServer';
