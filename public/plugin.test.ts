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
    expect(app.deepLinks[1]).toMatchObject({ id: 'investigate', path: '/investigate' });
    expect(typeof app.mount).toBe('function');
    const model = ruleTypeRegister.mock.calls[0][0];
    expect(model.id).toBe(RULE_TYPE_ID);
    expect(model.validate({}).errors.lookbackMinutes).toEqual([]);
    expect(model.ruleParamsExpression.$$typeof).toBe(Symbol.for('react.lazy'));
    expect(i18n.translate('x', { defaultMessage: 'hi' })).toBe('[kbn:x] hi');
  });
});

describe('app mount', () => {
  it('mounts lazily with core http, scoped history and Kibana theme, wrapped in the rendering context, and unmounts', async () => {
    const { act, screen } = await import('@testing-library/react');
    const { plugin } = await import('.');
    const { createMemoryHistory } = await import('./application');
    const register = jest.fn();
    // Kibana's core.rendering.addContext wraps the tree in its render context, which includes EuiProvider
    const { createElement } = await import('react');
    const { EuiProvider } = await import('@elastic/eui');
    const addContext = jest.fn((node: any) => createElement(EuiProvider, { colorMode: 'dark' }, node));
    const get = jest.fn(async () => ({ total: 0, page: 0, perPage: 20, alerts: [] }));
    const coreStart = {
      http: { get },
      theme: { getTheme: () => ({ darkMode: true, name: 'borealis' }), theme$: { subscribe: () => ({ unsubscribe() {} }) } },
      rendering: { addContext },
    };
    const core = { application: { register }, getStartServices: async () => [coreStart, {}, undefined] } as any;
    plugin({} as any).setup(core, { triggersActionsUi: { ruleTypeRegistry: { register: jest.fn() } } } as any);
    const element = document.createElement('div');
    document.body.appendChild(element);
    let unmount!: () => void;
    await act(async () => {
      unmount = await register.mock.calls[0][0].mount({ element, history: createMemoryHistory('/'), appBasePath: '/app/cloudIdentityCompromise' });
    });
    expect(addContext).toHaveBeenCalled();
    expect(await screen.findByTestId('cicAlertsList')).toBeInTheDocument();
    expect(screen.getByTestId('cicApp')).toHaveAttribute('data-color-mode', 'dark');
    expect(get).toHaveBeenCalledWith('/internal/cloudIdentityCompromise/alerts', expect.objectContaining({ version: '1' }));
    act(() => unmount());
    expect(element.innerHTML).toBe('');
  }, 30_000);
});
