import './test_utils/setup';
import { PLUGIN_ID, RULE_TYPE_ID } from '../common/constants';
import { i18n } from './i18n';

jest.mock('./kbn_shim', () => ({ kibanaTranslate: (id: string, a: { defaultMessage: string }) => `[kbn:${id}] ${a.defaultMessage}` }));

describe('browser plugin', () => {
  it('registers the app with deep links and the rule type model, and installs Kibana translations', async () => {
    const { plugin } = await import('.');
    const register = jest.fn();
    const ruleTypeRegister = jest.fn();
    const core = { application: { register }, getStartServices: jest.fn() } as any;
    plugin({} as any).setup(core, { triggersActionsUi: { ruleTypeRegistry: { register: ruleTypeRegister } } } as any);
    const app = register.mock.calls[0][0];
    expect(app.id).toBe(PLUGIN_ID);
    expect(app.deepLinks[0]).toMatchObject({ id: 'alerts', path: '/' });
    expect(typeof app.mount).toBe('function');
    const model = ruleTypeRegister.mock.calls[0][0];
    expect(model.id).toBe(RULE_TYPE_ID);
    expect(model.validate({}).errors.lookbackMinutes).toEqual([]);
    expect(model.ruleParamsExpression.$$typeof).toBe(Symbol.for('react.lazy'));
    expect(i18n.translate('x', { defaultMessage: 'hi' })).toBe('[kbn:x] hi');
  });
});
