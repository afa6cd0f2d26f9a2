import { html } from 'lit';
import { Element } from '../base.js';
import { session } from '../session.js';

/** Sign in by pasting the bearer token the course platform issued. */
class SignIn extends Element {
  static properties = { notice: {}, problem: { state: true } };

  submit(event) {
    event.preventDefault();
    this.problem = session.signIn(new FormData(event.target).get('token') ?? '');
  }

  render() {
    return html`
      <h1 tabindex="-1">Sign in</h1>
      <p>The course platform opens the console with your token in the address (<code>#token=…</code>).
        You can also paste a token here. It is kept for this browser tab only.</p>
      ${this.notice ? html`<p role="alert" class="problem" data-test="notice">${this.notice}</p>` : ''}
      <form @submit=${this.submit} class="stack">
        <label for="token">Bearer token</label>
        <textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false"></textarea>
        ${this.problem ? html`<p role="alert" class="problem">${this.problem}</p>` : ''}
        <div><button type="submit">Sign in</button></div>
      </form>`;
  }
}

customElements.define('cv-sign-in', SignIn);
