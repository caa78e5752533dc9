import { PLUGIN_ID } from '../../common/constants';

/** Where Kibana (and the standalone host) serve the app; deep links are `${APP_BASE_PATH}/alerts/<id>`. */
export const APP_BASE_PATH = `/app/${PLUGIN_ID}`;
